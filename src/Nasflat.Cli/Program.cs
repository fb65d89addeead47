using Nasflat.Cli;

Shutdown.Install();
return NasflatCli.Run(args);

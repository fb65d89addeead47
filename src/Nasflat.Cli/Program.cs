using Nasflat.Cli;

return NasflatCli.Run(args);

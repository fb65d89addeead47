#!/usr/bin/env bash
# Turn this machine into a single-node SLURM cluster (controller + compute node
# on localhost) with slurmdbd/MariaDB accounting, so that sbatch, squeue and
# sacct all work. Written for Debian 12 (Slurm 22.05) in containers/VMs without
# systemd: every daemon is started directly and probed for readiness.
#
# Usage:
#   setup-single-node.sh               install/configure, (re)start daemons, smoke test
#   setup-single-node.sh --skip-check  same, without the smoke test
#   setup-single-node.sh --check       only run the smoke test against the running cluster
#
# Idempotent: re-running rewrites the configs, restarts every daemon and keeps
# the accounting database, the munge key and the DB password.
set -euo pipefail

if [[ $EUID -ne 0 ]]; then
    exec sudo -E bash "$0" "$@"
fi

START_SECONDS=$SECONDS
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

MODE=full
case "${1:-}" in
    "") ;;
    --check) MODE=check ;;
    --skip-check) MODE=setup ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (expected --check, --skip-check or nothing)" >&2; exit 2 ;;
esac

CLUSTER_NAME=${SLURM_CLUSTER_NAME:-nasflat-local}
NODE_NAME=$(hostname -s)
READY_TIMEOUT=${READY_TIMEOUT:-60}       # seconds per daemon
SMOKE_TIMEOUT=${SMOKE_TIMEOUT:-120}      # seconds for the smoke-test jobs

SLURM_CONF_DIR=/etc/slurm
SLURM_LOG_DIR=/var/log/slurm
SLURM_RUN_DIR=/run/slurm
SLURMCTLD_STATE_DIR=/var/spool/slurmctld
SLURMD_SPOOL_DIR=/var/spool/slurmd
MYSQL_RUN_DIR=/run/mysqld
MYSQL_LOG=/var/log/mysql/error.log
MUNGE_LOG=/var/log/munge/munged.log

log() { printf '[setup-slurm %3ds] %s\n' "$((SECONDS - START_SECONDS))" "$*"; }
die() { printf '[setup-slurm] ERROR: %s\n' "$*" >&2; exit 1; }

# wait_for <daemon> <logfile> <command...>: poll until the command succeeds.
# On timeout, name the daemon and show the end of its log, since that is where
# the actual reason always is.
wait_for() {
    local name=$1 logfile=$2; shift 2
    local deadline=$((SECONDS + READY_TIMEOUT))
    until "$@" >/dev/null 2>&1; do
        if (( SECONDS >= deadline )); then
            echo "---- last lines of $logfile ----" >&2
            tail -n 30 "$logfile" >&2 2>/dev/null || echo "(no log file)" >&2
            die "$name did not become ready within ${READY_TIMEOUT}s; see $logfile"
        fi
        sleep 1
    done
    log "$name is ready"
}

# ---------------------------------------------------------------------------
# Smoke test: a 2-task array job plus a job that depends on it, both must end
# COMPLETED in squeue and be visible in sacct (i.e. accounting works).
# ---------------------------------------------------------------------------
smoke_test() {
    local tmp array_id join_id deadline ids states
    tmp=$(mktemp -d /tmp/slurm-smoke.XXXXXX)
    chmod 755 "$tmp"
    log "smoke test: submitting jobs (output in $tmp)"

    # DisableRootJobs=YES would reject everything below, as the tests run as root.
    if scontrol show config | grep -Eq '^DisableRootJobs +=\s*YES'; then
        die "slurm.conf has DisableRootJobs=YES; root cannot submit jobs"
    fi

    array_id=$(sbatch --parsable --job-name=smoke-array --array=0-1 \
        --ntasks=1 --cpus-per-task=1 --output="$tmp/array-%A_%a.out" \
        --wrap 'sleep 2; echo "task $SLURM_ARRAY_TASK_ID on $(hostname -s)"')
    array_id=${array_id%%;*}
    join_id=$(sbatch --parsable --job-name=smoke-join --dependency="afterok:$array_id" \
        --output="$tmp/join-%j.out" --wrap 'echo joined')
    join_id=${join_id%%;*}
    ids="$array_id,$join_id"
    log "smoke test: array job $array_id, dependent job $join_id"

    deadline=$((SECONDS + SMOKE_TIMEOUT))
    # squeue errors out once the jobs have aged out of the controller; treat
    # that like "nothing left to wait for" and let sacct be the judge.
    while [[ -n "$(squeue -h -j "$ids" -t PD,R,CG,CF,S -o %i 2>/dev/null || true)" ]]; do
        (( SECONDS < deadline )) || { squeue -j "$ids" || true; die "smoke-test jobs still not finished after ${SMOKE_TIMEOUT}s; see $SLURM_LOG_DIR/slurmctld.log"; }
        sleep 1
    done

    # slurmctld forwards job records to slurmdbd asynchronously, so the last
    # job can lag behind a few seconds.
    while :; do
        states=$(sacct -n -X -P -j "$ids" --format=State 2>/dev/null || true)
        if [[ $(grep -c . <<<"$states") -ge 3 ]] && ! grep -qv '^COMPLETED$' <<<"$states"; then
            break
        fi
        if (( SECONDS >= deadline )); then
            sacct -j "$ids" --format=JobID,JobName,State,ExitCode,Elapsed || true
            die "sacct does not show 3 COMPLETED jobs for $ids within ${SMOKE_TIMEOUT}s; see $SLURM_LOG_DIR/slurmdbd.log"
        fi
        sleep 1
    done

    sacct -j "$ids" --format=JobID,JobName,State,ExitCode,Elapsed,Start,End
    # Same start second for both array tasks means they ran side by side,
    # i.e. the node hands out single CPUs rather than whole nodes.
    if [[ $(sacct -n -X -P -j "$array_id" --format=Start | sort -u | grep -c .) -ne 1 ]]; then
        log "WARNING: the two array tasks did not start together (check SelectType / CPUs)"
    fi
    grep -q 'task 0' "$tmp"/array-*_0.out && grep -q 'task 1' "$tmp"/array-*_1.out \
        && grep -q joined "$tmp"/join-*.out || die "job output missing or wrong in $tmp"
    rm -rf "$tmp"
    log "smoke test passed"
}

if [[ $MODE == check ]]; then
    smoke_test
    log "done in $((SECONDS - START_SECONDS))s"
    exit 0
fi

# ---------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------
PACKAGES=(slurmctld slurmd slurm-client slurmdbd munge mariadb-server)
installed=$(dpkg-query -W -f '${Status}\n' "${PACKAGES[@]}" 2>/dev/null | grep -c 'install ok installed' || true)
# apt-get update is the slow part, so skip it when nothing is missing.
if (( installed != ${#PACKAGES[@]} )); then
    log "installing ${PACKAGES[*]}"
    # Package maintainer scripts would try to start the daemons with their
    # default (unusable) configs; a policy-rc.d that says 101 forbids that.
    created_policy=false
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        created_policy=true
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
    if $created_policy; then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
else
    log "packages already installed"
fi

# ---------------------------------------------------------------------------
# Stop whatever an earlier run started, so every run starts from the same point
# ---------------------------------------------------------------------------
log "stopping any running daemons"
bash "$SCRIPT_DIR/stop-single-node.sh" --quiet

# ---------------------------------------------------------------------------
# Users, host name, directories
# ---------------------------------------------------------------------------
# The Debian packages create these users; this only matters on odd bases.
getent group slurm >/dev/null || groupadd --system slurm
id -u slurm >/dev/null 2>&1 || useradd --system -g slurm -d /nonexistent -s /usr/sbin/nologin slurm

# slurmd looks itself up by NodeName and slurmctld contacts it by that name.
if ! getent hosts "$NODE_NAME" >/dev/null; then
    log "adding $NODE_NAME to /etc/hosts"
    echo "127.0.0.1 $NODE_NAME" >>/etc/hosts
fi

install -d -o slurm -g slurm -m 755 "$SLURM_LOG_DIR" "$SLURM_RUN_DIR" "$SLURMCTLD_STATE_DIR"
install -d -o root -g root -m 755 "$SLURMD_SPOOL_DIR" "$SLURM_CONF_DIR"
install -d -o mysql -g mysql -m 755 "$MYSQL_RUN_DIR"
# Debian 12 does not create this (it expects journald/syslog).
install -d -o mysql -g adm -m 750 "$(dirname "$MYSQL_LOG")"
install -d -o munge -g munge -m 700 /etc/munge /var/lib/munge /var/log/munge
install -d -o munge -g munge -m 755 /run/munge

# ---------------------------------------------------------------------------
# Munge (authentication between all slurm components)
# ---------------------------------------------------------------------------
if [[ ! -s /etc/munge/munge.key ]]; then
    log "creating munge key"
    if command -v mungekey >/dev/null; then
        mungekey --create --keyfile=/etc/munge/munge.key --force
    else
        dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
    fi
fi
chown munge:munge /etc/munge/munge.key
chmod 400 /etc/munge/munge.key

log "starting munged"
runuser -u munge -- /usr/sbin/munged --log-file="$MUNGE_LOG"
wait_for munged "$MUNGE_LOG" bash -c 'munge -n | unmunge'

# ---------------------------------------------------------------------------
# MariaDB (storage behind slurmdbd)
# ---------------------------------------------------------------------------
# Values slurmdbd warns about when left at MariaDB's defaults (the pool is
# reserved lazily, so 1G costs nothing until the database grows).
cat >/etc/mysql/mariadb.conf.d/60-slurmdbd.cnf <<'EOF'
[mysqld]
innodb_buffer_pool_size=1024M
innodb_lock_wait_timeout=900
EOF

if [[ ! -d /var/lib/mysql/mysql ]]; then
    log "initialising MariaDB data directory"
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
fi

log "starting mariadbd"
# Started directly rather than via mysqld_safe/init script: Debian's
# mysqld_safe logs to syslog, and there is no syslog daemon in a container.
# setsid detaches it from this script's session so it outlives the script.
setsid /usr/sbin/mariadbd --user=mysql --pid-file="$MYSQL_RUN_DIR/mysqld.pid" \
    --log-error="$MYSQL_LOG" </dev/null >/dev/null 2>&1 &
wait_for mariadbd "$MYSQL_LOG" mariadb-admin --connect-timeout=2 ping

# Keep the password of an earlier run: slurmdbd.conf is its only copy.
DB_PASS=${SLURM_DB_PASS:-}
if [[ -z $DB_PASS && -f $SLURM_CONF_DIR/slurmdbd.conf ]]; then
    DB_PASS=$(sed -n 's/^StoragePass=//p' "$SLURM_CONF_DIR/slurmdbd.conf")
fi
if [[ -z $DB_PASS ]]; then
    DB_PASS=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
fi

# root connects through the unix socket (unix_socket auth, Debian default).
mariadb <<EOF
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '$DB_PASS';
ALTER USER 'slurm'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON slurm_acct_db.* TO 'slurm'@'localhost';
FLUSH PRIVILEGES;
EOF

# ---------------------------------------------------------------------------
# slurmdbd
# ---------------------------------------------------------------------------
# slurmdbd refuses to start unless this file belongs to SlurmUser with mode 600.
install -o slurm -g slurm -m 600 /dev/stdin "$SLURM_CONF_DIR/slurmdbd.conf" <<EOF
# Written by deploy/slurm/setup-single-node.sh
AuthType=auth/munge
DbdHost=localhost
DbdPort=6819
SlurmUser=slurm
LogFile=$SLURM_LOG_DIR/slurmdbd.log
PidFile=$SLURM_RUN_DIR/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=localhost
StoragePort=3306
StorageUser=slurm
StoragePass=$DB_PASS
StorageLoc=slurm_acct_db
EOF

# ---------------------------------------------------------------------------
# slurm.conf
# ---------------------------------------------------------------------------
CPUS=$(nproc)
MEM_TOTAL_MB=$(free -m | awk '/^Mem:/ {print $2}')
# slurmd drains a node that reports less memory than configured; leave headroom.
REAL_MEMORY=$((MEM_TOTAL_MB * 90 / 100))

install -o root -g root -m 644 /dev/stdin "$SLURM_CONF_DIR/slurm.conf" <<EOF
# Written by deploy/slurm/setup-single-node.sh
ClusterName=$CLUSTER_NAME
SlurmctldHost=$NODE_NAME
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$SLURMCTLD_STATE_DIR
SlurmdSpoolDir=$SLURMD_SPOOL_DIR
SlurmctldPidFile=$SLURM_RUN_DIR/slurmctld.pid
SlurmdPidFile=$SLURM_RUN_DIR/slurmd.pid
SlurmctldLogFile=$SLURM_LOG_DIR/slurmctld.log
SlurmdLogFile=$SLURM_LOG_DIR/slurmd.log

# No cgroups: plain /proc based process tracking works in containers/VMs.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none

# A node that was down (e.g. this script restarted slurmd) comes back by itself.
ReturnToService=2
SlurmctldTimeout=120
SlurmdTimeout=300
InactiveLimit=0
MinJobAge=300
KillWait=30
Waittime=0

# Allocate individual CPUs so several 1-CPU jobs share the node.
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU

# Accounting through slurmdbd, so sacct works. No AccountingStorageEnforce:
# any local user (root included) can run jobs without an association.
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=6819
JobCompType=jobcomp/none
# Debian's default /usr/bin/mail is not installed; avoid a startup error.
MailProg=/bin/true

NodeName=$NODE_NAME CPUs=$CPUS RealMemory=$REAL_MEMORY State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

# ---------------------------------------------------------------------------
# Slurm daemons
# ---------------------------------------------------------------------------
log "starting slurmdbd"
slurmdbd
wait_for slurmdbd "$SLURM_LOG_DIR/slurmdbd.log" sacctmgr -n list cluster

# slurmctld would register the cluster itself, but doing it up front makes a
# broken database show up here instead of as a silent slurmctld retry loop.
if ! sacctmgr -n -P list cluster format=cluster | grep -qx "$CLUSTER_NAME"; then
    log "registering cluster $CLUSTER_NAME in slurmdbd"
    sacctmgr -i add cluster "$CLUSTER_NAME" >/dev/null
fi

log "starting slurmctld"
slurmctld
wait_for slurmctld "$SLURM_LOG_DIR/slurmctld.log" scontrol ping

log "starting slurmd"
slurmd
node_usable() {
    local state
    state=$(sinfo -h -n "$NODE_NAME" -o %T 2>/dev/null) || return 1
    case $state in
        idle|mixed|allocated|completing) return 0 ;;
        # A drain/down left over in slurmctld's saved state from an earlier
        # run would otherwise survive the restart.
        drain*|down*|fail*) scontrol update nodename="$NODE_NAME" state=resume 2>/dev/null; return 1 ;;
        *) return 1 ;;
    esac
}
wait_for slurmd "$SLURM_LOG_DIR/slurmd.log" node_usable

sinfo
sacctmgr -n list cluster format=cluster,controlhost,controlport

if [[ $MODE == full ]]; then
    smoke_test
fi
log "done in $((SECONDS - START_SECONDS))s"

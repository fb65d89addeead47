#!/usr/bin/env bash
# Stop the daemons started by setup-single-node.sh: slurmd, slurmctld,
# slurmdbd, mariadbd, munged (in that order, so that nothing loses its
# backend while still shutting down). Jobs that are still running keep their
# slurmstepd; slurmctld's saved state and the accounting database are kept.
#
# Usage: stop-single-node.sh [--quiet]
set -euo pipefail

if [[ $EUID -ne 0 ]]; then
    exec sudo -E bash "$0" "$@"
fi

QUIET=false
[[ ${1:-} == --quiet ]] && QUIET=true
STOP_TIMEOUT=${STOP_TIMEOUT:-30}

say() { $QUIET || echo "[stop-slurm] $*"; }

any_alive() {
    local p
    for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done
    return 1
}

# stop <daemon> <pidfile>: TERM what the pid file names (falling back to
# processes of exactly that executable name when the pid file is gone or
# stale), wait for a clean exit, then KILL as a last resort.
stop() {
    local name=$1 pidfile=$2 pids="" pid deadline
    if [[ -s $pidfile ]]; then
        pid=$(<"$pidfile")
        if kill -0 "$pid" 2>/dev/null && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$name" ]]; then
            pids=$pid
        fi
    fi
    [[ -n $pids ]] || pids=$(pidof "$name" || true)
    if [[ -z $pids ]]; then
        say "$name: not running"
        rm -f "$pidfile"
        return 0
    fi
    say "$name: stopping pid(s) $pids"
    kill -TERM $pids 2>/dev/null || true
    deadline=$((SECONDS + STOP_TIMEOUT))
    while any_alive $pids; do
        if (( SECONDS >= deadline )); then
            echo "[stop-slurm] $name did not exit within ${STOP_TIMEOUT}s, sending KILL" >&2
            kill -KILL $pids 2>/dev/null || true
            sleep 1
            break
        fi
        sleep 0.5
    done
    rm -f "$pidfile"
}

stop slurmd    /run/slurm/slurmd.pid
stop slurmctld /run/slurm/slurmctld.pid
stop slurmdbd  /run/slurm/slurmdbd.pid
stop mariadbd  /run/mysqld/mysqld.pid
stop munged    /run/munge/munged.pid
say "all stopped"

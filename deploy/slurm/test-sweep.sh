#!/usr/bin/env bash
# End-to-end test of `nasflat sweep slurm` on a real SLURM: sets up the single-node cluster (setup-single-node.sh),
# then
#   1. runs `bench -t nb201:ND --quick --trials 2` once in a single process, and the same command as a sweep of 2 array
#      tasks plus a join job; the joined tasks.csv must be byte-identical to the single-process one;
#   2. runs a 3-shard sweep of the same task with 3 trials, kills shard 2's process (SIGKILL) while it runs, checks that
#      `nasflat sweep status` reports it failed, resubmits it with `nasflat sweep resubmit`, and checks that the joined
#      tasks.csv equals a single-process run's.
# It prints sacct for every job. Usage: deploy/slurm/test-sweep.sh [work folder]   (run as root, or it uses sudo)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d /tmp/nasflat-slurm-test.XXXXXX)}"
mkdir -p "$work"
start=$SECONDS
say() { printf '[test-sweep %3ds] %s\n' "$((SECONDS - start))" "$*"; }
fail() { printf '[test-sweep] FAILED: %s\n' "$*" >&2; exit 1; }

"$root/deploy/slurm/setup-single-node.sh" --skip-check
cd "$work"
nasflat() { "$root/nasflat" "$@"; }
nasflat doctor > /dev/null # builds the CLI once, before jobs start it concurrently

# The job ids of a sweep's newest submission, from the run folder's slurm/jobs.json.
last_job() { grep -o "\"$2\": \"[0-9]*\"" "$1/slurm/jobs.json" | tail -n 1 | grep -o '[0-9]*'; }

# Waits until the job has left the queue (bounded), then prints its and the array's accounting.
wait_job() {
    local job=$1 deadline=$((SECONDS + ${WAIT_TIMEOUT:-300}))
    while squeue -h -j "$job" 2>/dev/null | grep -q .; do
        (( SECONDS < deadline )) || { squeue; fail "job $job still queued after ${WAIT_TIMEOUT:-300} s"; }
        sleep 2
    done
}

# sacct may lag a job's end by a moment; wait until every listed job has a final state.
show_accounting() {
    local deadline=$((SECONDS + 60))
    until ! sacct -n -X -P -j "$1" --format=State | grep -q -E 'PENDING|RUNNING|^$'; do
        (( SECONDS < deadline )) || break
        sleep 1
    done
    sacct -X -j "$1" --format=JobID,JobName%22,State,ExitCode,Elapsed,Start,End
}

check_completed() {
    local states
    states=$(sacct -n -X -P -j "$1" --format=JobID,State)
    echo "$states" | grep -v -q '|COMPLETED$' && { echo "$states"; fail "$2"; } || true
}

task=(bench -t nb201:ND --quick)

say "1. single process, 2 trials"
nasflat "${task[@]}" --trials 2 -o "$work/single-2" > "$work/single-2.log"
say "1. the same as a SLURM sweep of 2 shards"
nasflat sweep slurm --shards 2 -- "${task[@]}" --trials 2 -o "$work/sweep-2"
array=$(last_job "$work/sweep-2" ArrayJob); join=$(last_job "$work/sweep-2" JoinJob)
wait_job "$join"
show_accounting "$array,$join"
check_completed "$array,$join" "a job of the 2-shard sweep did not complete"
nasflat sweep status "$work/sweep-2"
cmp "$work/single-2/tasks.csv" "$work/sweep-2/tasks.csv" || fail "the joined tasks.csv differs from the single-process run's"
say "1. passed: the joined tasks.csv is byte-identical to the single-process run's"

say "2. a 3-shard sweep with 3 trials; shard 2 is killed while it runs"
nasflat sweep slurm --shards 3 -- "${task[@]}" --trials 3 -o "$work/sweep-3"
array=$(last_job "$work/sweep-3" ArrayJob); first_join=$(last_job "$work/sweep-3" JoinJob)
deadline=$((SECONDS + 120))
until [ -f "$work/sweep-3/shards/shard-2-of-3.json" ]; do
    (( SECONDS < deadline )) || fail "shard 2 did not start within 120 s"
    sleep 1
done
sleep 3
# SIGKILL to the shard's own process (its pid is in its record): it cannot record anything, SLURM sees the job fail.
pid=$(grep -o '"ProcessId": [0-9]*' "$work/sweep-3/shards/shard-2-of-3.json" | grep -o '[0-9]*$')
kill -KILL "$pid"
wait_job "${array}"
nasflat sweep status "$work/sweep-3" | tee "$work/status-killed.txt"
grep -E -q '2/3 +│ failed .*SLURM says' "$work/status-killed.txt" || fail "sweep status did not report the killed shard 2 as failed by SLURM"
say "2. sweep status reports the killed shard as failed; resubmitting it"
nasflat sweep resubmit "$work/sweep-3"
array2=$(last_job "$work/sweep-3" ArrayJob); join=$(last_job "$work/sweep-3" JoinJob)
wait_job "$join"
show_accounting "$array,$first_join,$array2,$join"
check_completed "$array2,$join" "the resubmitted shard or its join did not complete"
nasflat sweep status "$work/sweep-3"
nasflat "${task[@]}" --trials 3 -o "$work/single-3" > "$work/single-3.log"
cmp "$work/single-3/tasks.csv" "$work/sweep-3/tasks.csv" || fail "the resubmitted sweep's tasks.csv differs from the single-process run's"
say "2. passed: after the resubmission the joined tasks.csv is byte-identical to the single-process run's"
say "all passed in $((SECONDS - start)) s (work folder $work)"

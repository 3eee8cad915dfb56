#!/usr/bin/env bash
# Builds the image and proves it runs as it should: healthy by its own HEALTHCHECK, PID 1 not root (uid 1000),
# and `stop` ends it with exit code 0 after a clean-shutdown log line. MongoDB is a mongo-java-server on 127.0.0.1.
#   npm run docker:check            (ENGINE=podman|docker|/path/to/wrapper to choose; default: podman-local, podman, docker)
# Containers share the host network (the check reaches 127.0.0.1 from both sides).
set -euo pipefail
cd "$(dirname "$0")/.."

engine=${ENGINE:-}
if [ -z "$engine" ]; then
  if [ -x /tmp/container-base/podman-local ]; then engine=/tmp/container-base/podman-local
  elif command -v podman >/dev/null; then engine=podman
  else engine=docker; fi
fi
net=()
case "$engine" in *podman-local) ;; *) net=(--network=host) ;; esac
image=${IMAGE:-coaching-assistant:check}
name=coaching-check-$$
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'DOCKER CHECK FAILED: %s\n' "$*" >&2; exit 1; }

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

mongo_pid=''
cleanup() {
  "$engine" rm -f "$name" >/dev/null 2>&1 || true
  if [ -n "$mongo_pid" ]; then kill "$mongo_pid" 2>/dev/null || true; wait "$mongo_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

step "build $image with $engine"
"$engine" build -t "$image" . 

step "start mongo-java-server"
mongo_port=$(free_port)
mongo_log=$(mktemp)
bash tools/mongo-server/run.sh 127.0.0.1 "$mongo_port" >"$mongo_log" 2>&1 &
mongo_pid=$!
for _ in $(seq 1 240); do grep -q listening "$mongo_log" && break; kill -0 "$mongo_pid" 2>/dev/null || fail "mongo-java-server exited: $(cat "$mongo_log")"; sleep 0.5; done
grep -q listening "$mongo_log" || fail "mongo-java-server did not start"
echo "mongo-java-server on 127.0.0.1:$mongo_port"

step "run the container"
bot_port=$(free_port)
"$engine" run -d "${net[@]}" --name "$name" -e MONGODB_URI="mongodb://127.0.0.1:$mongo_port/docker_check" -e PORT="$bot_port" -e HOST=127.0.0.1 -e ENCRYPTION_KEY="$(node -e "console.log(require('crypto').randomBytes(32).toString('base64'))")" "$image" >/dev/null
echo "container $name on port $bot_port"

step "wait for the HEALTHCHECK to report healthy"
healthy=''
for i in $(seq 1 60); do
  running=$("$engine" inspect -f '{{.State.Running}}' "$name")
  [ "$running" = true ] || { "$engine" logs "$name" >&2 || true; fail "the container stopped"; }
  if [[ "$engine" == *podman* ]]; then
    if "$engine" healthcheck run "$name" >/dev/null 2>&1; then healthy=yes; fi
  else
    [ "$("$engine" inspect -f '{{.State.Health.Status}}' "$name")" = healthy ] && healthy=yes
  fi
  [ -n "$healthy" ] && { echo "healthy after ~$((i))s"; break; }
  sleep 1
done
[ -n "$healthy" ] || { "$engine" logs "$name" >&2 || true; fail "not healthy within 60 s"; }
[[ "$engine" == *podman* ]] && echo "health status: $("$engine" inspect -f '{{.State.Health.Status}}' "$name" 2>/dev/null || echo '?')"
ready=$(node -e "fetch('http://127.0.0.1:$bot_port/readyz').then(r=>console.log(r.status),()=>console.log('unreachable'))")
echo "readyz: $ready"
[ "$ready" = 200 ] || fail "readyz answered $ready"

step "PID 1 runs as a non-root user"
uid=$("$engine" exec "$name" sh -c "awk '/^Uid:/{print \$2}' /proc/1/status")
user=$("$engine" exec "$name" sh -c 'id -un')
echo "uid of PID 1: $uid (exec user: $user)"
[ "$uid" = 1000 ] || fail "PID 1 runs as uid $uid, expected 1000"

step "stop sends SIGTERM; expect exit 0 and a clean shutdown line"
start=$(date +%s)
"$engine" stop -t 20 "$name" >/dev/null
code=$("$engine" inspect -f '{{.State.ExitCode}}' "$name")
logs=$("$engine" logs "$name" 2>&1)
echo "exit code: $code after $(( $(date +%s) - start ))s"
echo "last log lines:"; printf '%s\n' "$logs" | tail -n 3
[ "$code" = 0 ] || fail "exit code $code"
printf '%s\n' "$logs" | tail -n 1 | grep -q '"msg":"stopped cleanly"' || fail "no clean shutdown line at the end of the log"

printf '\nDOCKER CHECK PASSED: healthy, uid 1000, exit 0 with a clean stop\n'

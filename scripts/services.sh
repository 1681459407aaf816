#!/usr/bin/env bash
# Make sure PostgreSQL, Redis and RabbitMQ answer on loopback; start the ones that do not.
set -uo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
  for _ in $(seq 1 60); do answers "$1" && return 0; sleep 0.5; done
  echo "error: $2 did not start on 127.0.0.1:$1" >&2
  return 1
}

status=0
if ! answers 5432; then
  echo "Starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  wait_for 5432 PostgreSQL || status=1
fi
if ! answers 6379; then
  echo "Starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  wait_for 6379 Redis || status=1
fi
if ! answers 5672; then
  echo "Starting RabbitMQ"
  rabbitmq-server -detached || true
  wait_for 5672 RabbitMQ || status=1
fi
exit $status

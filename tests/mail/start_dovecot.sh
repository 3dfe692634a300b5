#!/usr/bin/env bash
# Start a throw-away Dovecot IMAP server for the IMAP poller test (Debian's dovecot-imapd).
# Listens on 127.0.0.1:$DOVECOT_PORT (default 10143), plaintext login, one test user,
# Maildir under a temp directory. Prints shell assignments for the test to stdout:
#   eval "$(tests/mail/start_dovecot.sh)"
# Stop it with: doveadm -c "$DOVECOT_CONF" stop   (also printed as DOVECOT_CONF=...)
# Needs root (Dovecot drops privileges to the users below).
set -euo pipefail

PORT=${DOVECOT_PORT:-10143}
USER_NAME=${DOVECOT_TEST_USER:-servicedesk}
USER_PASSWORD=${DOVECOT_TEST_PASSWORD:-imap-test-password}
DOVECOT=$(command -v dovecot || echo /usr/sbin/dovecot)
if [ ! -x "$DOVECOT" ]; then
  echo "start_dovecot.sh: dovecot is not installed (apt-get install dovecot-imapd)" >&2
  exit 1
fi

DIR=$(mktemp -d /tmp/sd-dovecot.XXXXXX)
chmod 755 "$DIR"
mkdir -p "$DIR/mail" "$DIR/run" "$DIR/state"
chown nobody:nogroup "$DIR/mail"
printf '%s:{PLAIN}%s::::::\n' "$USER_NAME" "$USER_PASSWORD" > "$DIR/users"
chmod 644 "$DIR/users"

cat > "$DIR/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $DIR/run
state_dir = $DIR/state
log_path = $DIR/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$DIR/mail/%u
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DIR/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$DIR/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
}
CONF

"$DOVECOT" -c "$DIR/dovecot.conf" >&2
for _ in $(seq 1 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "DOVECOT_CONF=$DIR/dovecot.conf"
    echo "TEST_IMAP_HOST=127.0.0.1"
    echo "TEST_IMAP_PORT=$PORT"
    echo "TEST_IMAP_USER=$USER_NAME"
    echo "TEST_IMAP_PASSWORD=$USER_PASSWORD"
    exit 0
  fi
  sleep 0.1
done
echo "start_dovecot.sh: dovecot did not start; log:" >&2
cat "$DIR/dovecot.log" >&2 || true
exit 1

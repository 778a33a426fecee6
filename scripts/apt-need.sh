#!/bin/sh
# apt-need.sh PKG... installs the Debian packages among PKG that are missing:
# as root quietly (apt-get update first), as another user it prints the one
# command to run and fails. Nothing happens when every package is present.
missing=""
for p in "$@"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "installing:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "missing packages; run:  sudo apt-get install -y$missing"
  exit 1
fi

#!/usr/bin/env bash
# Builds prometheus-corosync-exporter_<version>_all.deb with dpkg-deb (run by Maven at package
# time, see exporter/pom.xml; scripts/test-package.sh also runs it for an upgrade build).
#
#   build-deb.sh JAR MAVEN_VERSION OUTDIR
#
# The Debian version is the Maven version with every '-' made '~' (0.1.0-SNAPSHOT becomes
# 0.1.0~SNAPSHOT, which sorts before the release 0.1.0), plus the Debian revision "-1".
# JAVA: the java that runs the jar for the man page (default: java on $PATH).
# SOURCE_DATE_EPOCH: the changelog's date (default: the last commit's, for reproducible builds).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 JAR MAVEN_VERSION OUTDIR" >&2; exit 2; }
JAR=$1 MAVEN_VERSION=$2 OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
PKG=prometheus-corosync-exporter
command -v dpkg-deb >/dev/null || { echo "build-deb: dpkg-deb not found (apt-get install dpkg)" >&2; exit 1; }
[ -f "$JAR" ] || { echo "build-deb: $JAR not found" >&2; exit 1; }
VERSION="${MAVEN_VERSION//-/\~}-1"
JAVA=${JAVA:-java}
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git -C "$HERE" log -1 --format=%ct 2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH

ROOT="$OUT/deb-root"
rm -rf "$ROOT"
mkdir -p "$ROOT/DEBIAN"
doc="$ROOT/usr/share/doc/$PKG"

install -D -m 644 "$JAR" "$ROOT/usr/share/$PKG/corosync-exporter.jar"
install -D -m 755 "$HERE/$PKG" "$ROOT/usr/bin/$PKG"
install -D -m 644 "$HERE/default" "$ROOT/etc/default/$PKG"
install -D -m 644 "$HERE/../jvm.options" "$ROOT/etc/$PKG/jvm.options"
install -D -m 644 "$HERE/uidgid.d" "$ROOT/etc/corosync/uidgid.d/$PKG"
install -D -m 644 "$HERE/$PKG.service" "$ROOT/lib/systemd/system/$PKG.service"
# The QDevice/QNetd status sockets for group corosync-exporter, made again after each start.
install -D -m 755 "$HERE/grant-socket" "$ROOT/usr/lib/$PKG/grant-socket"
for d in qdevice qnetd; do
  install -D -m 644 "$HERE/dropins/corosync-$d.conf" "$ROOT/lib/systemd/system/corosync-$d.service.d/$PKG.conf"
done
install -D -m 644 "$HERE/copyright" "$doc/copyright"
install -D -m 644 "$HERE/README.Debian" "$doc/README.Debian"
install -D -m 644 "$HERE/lintian-overrides" "$ROOT/usr/share/lintian/overrides/$PKG"

# --help, as text and as the man page (the options section is the help text verbatim).
HELP=$("$JAVA" -jar "$JAR" --help)
printf '%s\n' "$HELP" > "$doc/help.txt"
chmod 644 "$doc/help.txt"
DATE_MAN=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
mkdir -p "$ROOT/usr/share/man/man1"
{
  echo ".TH PROMETHEUS-COROSYNC-EXPORTER 1 \"$DATE_MAN\" \"$VERSION\" \"Prometheus exporters\""
  echo ".SH NAME"
  echo "prometheus-corosync-exporter \\- Prometheus exporter for corosync 3 and Proxmox VE quorum"
  echo ".SH SYNOPSIS"
  echo ".B prometheus-corosync-exporter"
  echo ".RI [ options ]"
  echo ".SH DESCRIPTION"
  echo "Exports quorum, votes, QDevice and QNetd state, the running configuration and knet"
  echo "link state of the local corosync node on :9679/metrics."
  echo "The systemd unit runs it as the system user corosync-exporter with the flags in ARGS of"
  echo ".IR /etc/default/prometheus-corosync-exporter ."
  echo ".SH OPTIONS"
  echo ".nf"
  echo ".ft CR"
  # Backslashes escaped, and a leading . or ' kept from being read as a request.
  printf '%s\n' "$HELP" | sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
  echo ".ft"
  echo ".fi"
  echo ".SH FILES"
  echo ".TP"
  echo ".I /etc/default/prometheus-corosync-exporter"
  echo "ARGS: the exporter's flags."
  echo ".TP"
  echo ".I /etc/prometheus-corosync-exporter/jvm.options"
  echo "JVM flags, one per line."
  echo ".TP"
  echo ".I /etc/corosync/uidgid.d/prometheus-corosync-exporter"
  echo "corosync IPC for user corosync-exporter; active after"
  echo ".BR \"corosync-cfgtool -R\" ."
  echo ".SH SEE ALSO"
  echo ".BR corosync-quorumtool (8),"
  echo ".BR corosync-cfgtool (8),"
  echo ".BR corosync-cmapctl (8),"
  echo ".I /usr/share/doc/prometheus-corosync-exporter/README.Debian"
} > "$ROOT/usr/share/man/man1/$PKG.1"
gzip -9n "$ROOT/usr/share/man/man1/$PKG.1"

{
  echo "$PKG ($VERSION) unstable; urgency=medium"
  echo
  echo "  * Build of corosync-exporter $MAVEN_VERSION."
  echo
  echo " -- corosync-exporter developers <corosync-exporter@users.noreply.github.com>  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} > "$doc/changelog.Debian"
gzip -9n "$doc/changelog.Debian"

for f in postinst prerm postrm; do install -m 755 "$HERE/$f" "$ROOT/DEBIAN/$f"; done
(cd "$ROOT" && find etc -type f | sort | sed 's|^|/|') > "$ROOT/DEBIAN/conffiles"
(cd "$ROOT" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | sort | xargs md5sum) \
  > "$ROOT/DEBIAN/md5sums"
SIZE=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@SIZE@/$SIZE/" "$HERE/control.in" > "$ROOT/DEBIAN/control"
chmod 644 "$ROOT/DEBIAN/control" "$ROOT/DEBIAN/conffiles" "$ROOT/DEBIAN/md5sums"
# The jar is compressed already: xz would take 15 s to save 10 %.
# Directories 0755 and files as installed above whatever the umask; root:root in the archive.
find "$ROOT" -type d -exec chmod 755 {} +
find "$ROOT" -newermt "@$SOURCE_DATE_EPOCH" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
DEB="$OUT/${PKG}_${VERSION}_all.deb"
dpkg-deb --root-owner-group -Zgzip --build "$ROOT" "$DEB" >/dev/null
echo "build-deb: $DEB"

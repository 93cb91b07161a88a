# corosync IPC (corosync-quorumtool, -cfgtool, -cmapctl) for the exporter's user, installed by
# prometheus-corosync-exporter. corosync reads this directory at start and on a configuration
# reload; activate it once, on any one node after installing on all: corosync-cfgtool -R
# Note: corosync's IPC has no read-only mode; whoever runs as this user can also change cmap.
# That is why the package has a user of its own rather than Debian's shared "prometheus".
uidgid {
  uid: corosync-exporter
  gid: corosync-exporter
}

package dev.corosyncexporter.ssh;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends JSch's own chatter to slf4j at debug level. JSch logs every handshake step at INFO, which
 * would flood a daemon's log; failures reach the operator through our own messages instead.
 */
final class JschLogBridge implements com.jcraft.jsch.Logger {
  static final JschLogBridge INSTANCE = new JschLogBridge();
  private static final Logger LOG = LoggerFactory.getLogger("dev.corosyncexporter.central.jsch");

  @Override
  public boolean isEnabled(int level) {
    return LOG.isDebugEnabled();
  }

  @Override
  public void log(int level, String message) {
    LOG.debug(message);
  }

  @Override
  public void log(int level, String message, Throwable cause) {
    LOG.debug(message, cause);
  }
}

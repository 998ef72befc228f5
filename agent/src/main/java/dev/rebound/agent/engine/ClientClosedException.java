package dev.rebound.agent.engine;

import java.io.IOException;

/**
 * An attempt the client itself refused to send because it was closed or shut down: not the network,
 * and no retry can change it. The call ends at once and the application gets the client's own
 * exception, {@link #clientFailure()}, exactly as it would have without Rebound.
 */
public final class ClientClosedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final IOException clientFailure;

  public ClientClosedException(IOException clientFailure) {
    super(clientFailure.getMessage(), clientFailure);
    this.clientFailure = clientFailure;
  }

  public IOException clientFailure() {
    return clientFailure;
  }
}

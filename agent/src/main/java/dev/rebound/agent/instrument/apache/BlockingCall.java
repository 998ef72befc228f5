package dev.rebound.agent.instrument.apache;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.Transport;
import dev.rebound.agent.instrument.AgentRuntime;
import java.io.IOException;
import java.util.Map;

/**
 * One call of a blocking Apache client's hooked {@code doExecute}, as Rebound runs it: decides
 * whether it is managed, sends its attempts through the application's client, each as a request of
 * its own (so each passes the client's redirects, decompression, connection pool and interceptors),
 * and turns what the engine decided into the hook's answer. The fail-open boundary of the call:
 * before an attempt was sent, anything that goes wrong lets the client's own method run; after, the
 * last real outcome goes to the application. Subclasses translate one library's types. One per
 * call; confined to the calling thread.
 *
 * @param <R> the library's attempt request
 */
public abstract class BlockingCall<R> implements Transport<BlockingExchange> {
  private final String client;
  private final ApacheHook<?> hook;
  private final Destination to;
  private ManagedCall managed;
  private BlockingExchange last;

  /** The client's own unchecked failure (a pool shut down, say): the application's outcome. */
  private RuntimeException clientFailure;

  /**
   * @param client the client's name in the metrics
   * @param hook the client's hook, told that the next {@code doExecute} on this thread is Rebound's
   *     own attempt
   * @param to where the application's request goes; null when it does not say
   */
  protected BlockingCall(String client, ApacheHook<?> hook, Destination to) {
    this.client = client;
    this.hook = hook;
    this.to = to;
  }

  /** The application's request as the rules read it, or null when it has no entity. */
  protected abstract BlockingRequest original();

  /**
   * Once a one-shot entity was read: puts Rebound's copy in its place, so that the client can still
   * send it should Rebound fail open.
   */
  protected abstract void keepBody(byte[] copy);

  /**
   * A one-shot entity read whole and found too long to manage: puts it back, still one-shot, so
   * that the client sends it once, as it would have (no retry of its own either).
   */
  protected abstract void keepBodyOnce(byte[] copy);

  /** One attempt's request, built from the application's. */
  protected abstract R request(AttemptRequest attempt);

  /** Sends {@code request} through the application's client. */
  protected abstract BlockingExchange execute(R request) throws IOException;

  /** Rebound's own response (SPEC §4: circuit open), as the library hands responses out. */
  protected abstract Object synthetic(int status, byte[] body, Map<String, String> headers);

  /** The managed call this is running. */
  protected final ManagedCall managed() {
    return managed;
  }

  /**
   * Runs the call: the response to return or the exception to throw, or null to let the client run
   * the application's request as it is.
   */
  public final ReplacedCall run(AgentRuntime runtime) {
    try {
      managed = describe(runtime);
    } catch (ManagedCall.TooLong tooLong) {
      // Read whole and too long: the client sends it once, from Rebound's copy (SPEC §2).
      runtime.unmanagedBody();
      keepBodyOnce(tooLong.body());
      return null;
    } catch (IOException e) {
      // The entity could not be read: let the client send it as the application built it.
      return null;
    }
    if (managed == null) {
      runtime.passthrough();
      return null;
    }
    try {
      return ReplacedCall.returning(toResponse(runtime.engine().execute(managed.call(), this)));
    } catch (IOException e) {
      return ReplacedCall.throwing(e);
    } catch (Throwable t) {
      return failOpen(runtime, t);
    }
  }

  /** The call as the engine sees it, or null when it is not managed. */
  private ManagedCall describe(AgentRuntime runtime) throws IOException {
    if (to == null || !to.isLlmHost(runtime)) {
      return null;
    }
    BlockingRequest request = original();
    if (request == null) {
      return null;
    }
    ManagedCall call = ManagedCall.of(runtime, client, to, request);
    if (call != null && !request.repeatable()) {
      keepBody(call.call().body());
    }
    return call;
  }

  @Override
  public final BlockingExchange send(AttemptRequest attempt) throws IOException {
    last = null;
    R request = request(attempt);
    hook.bypassNext();
    try {
      last = execute(request);
    } catch (RuntimeException e) {
      clientFailure = e;
      throw e;
    } finally {
      hook.clearBypass();
    }
    return last;
  }

  private Object toResponse(CallResult<BlockingExchange> result) throws IOException {
    if (result instanceof CallResult.Fail<BlockingExchange> fail) {
      throw fail.failure();
    }
    if (result instanceof CallResult.Synthetic<BlockingExchange> own) {
      return synthetic(own.status(), own.body(), own.headers());
    }
    CallResult.Deliver<BlockingExchange> deliver = (CallResult.Deliver<BlockingExchange>) result;
    return deliver.exchange().deliver(deliver);
  }

  private ReplacedCall failOpen(AgentRuntime runtime, Throwable t) {
    if (t == clientFailure) {
      // The client itself threw (not Rebound): that is the call's outcome.
      return ReplacedCall.throwing(t);
    }
    runtime.agentError();
    Diagnostics.debug(client + " call failed open: " + t);
    // An attempt that came back and was not closed is the real outcome; otherwise the client runs
    // the application's request once more, unmanaged.
    if (last != null && !last.discarded()) {
      return ReplacedCall.returning(last.response());
    }
    return null;
  }
}

package dev.rebound.agent.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The models one call may still try, in order (SPEC §1, §4): the regular chain, and the context or
 * content chain once a request was too long or filtered; from then on the call goes on along that
 * chain. A model is never tried twice in one call. Confined to one call.
 */
final class FallbackChain {
  private final List<String> regular;
  private final List<String> context;
  private final List<String> content;

  /** A list, not a set: a chain is a few models, and most calls never leave the first. */
  private final List<String> tried = new ArrayList<>(2);

  private List<String> inUse;
  private int position;
  private String current;

  FallbackChain(
      String requested, List<String> regular, List<String> context, List<String> content) {
    this.regular = regular;
    this.context = context;
    this.content = content;
    this.inUse = regular;
    this.current = requested;
    tried.add(requested);
  }

  /** The model being asked now. */
  String current() {
    return current;
  }

  boolean hasNext(ChainKind kind) {
    List<String> list = listFor(kind);
    return indexOfNext(list, list == inUse ? position : 0) >= 0;
  }

  /** Moves to the next model of {@code kind}; the caller checked {@link #hasNext}. */
  String advance(ChainKind kind) {
    List<String> list = listFor(kind);
    int next = indexOfNext(list, list == inUse ? position : 0);
    inUse = list;
    position = next + 1;
    current = list.get(next);
    tried.add(current);
    return current;
  }

  private List<String> listFor(ChainKind kind) {
    return switch (kind) {
      case CURRENT -> inUse;
      case CONTEXT -> context;
      case CONTENT -> content;
    };
  }

  private int indexOfNext(List<String> list, int from) {
    for (int i = from; i < list.size(); i++) {
      if (!tried.contains(list.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** How many models the call has reached so far, the requested one included. */
  int triedCount() {
    return tried.size();
  }

  /** For a request that names no model: nothing to fall back to. */
  static FallbackChain none() {
    return new FallbackChain(null, List.of(), List.of(), List.of());
  }
}

package dev.rebound.agent.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;

/** One client family's Byte Buddy hooks, installed when its name is in {@code rebound.clients}. */
public interface Hook {
  /** The name in {@code rebound.clients}. */
  String client();

  /** The fully qualified names of every class this family hooks: only these wait for Byte Buddy. */
  java.util.List<String> typeNames();

  /** Adds this family's type matchers and advice to the builder. */
  AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice);
}

/**
 * What the Apache HttpClient 4.5, 5 classic and 5 async adapters share, over JDK types only: the
 * rules that make a call managed, the shape of a blocking managed call (its attempts, its exchange,
 * its fail-open), and the small pieces every adapter needs. Loaded once, by the agent's loader;
 * each {@code adapter} package only translates its library's types into these.
 */
package dev.rebound.agent.instrument.apache;

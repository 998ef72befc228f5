/** Time seams: the clock and the sleeper are parameters, so tests never sleep. */
package dev.rebound.agent.time;

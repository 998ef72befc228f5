/**
 * The metrics log (SPEC §6): application threads count and queue, one daemon thread writes JSON
 * lines and tells {@link dev.rebound.api.ReboundListener}s. Nothing here ever blocks the caller or
 * lets an exception escape to it.
 */
package dev.rebound.agent.metrics;

package dev.rebound.agent.metrics;

import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import java.time.Instant;
import java.util.List;

/** Call records for tests, shaped like the SPEC §6 example. */
final class Calls {

  static final Instant FINISHED = Instant.parse("2026-11-25T10:00:05.250Z");

  private Calls() {}

  /** The SPEC §6 example: a provider 429, a 502, then a fallback that succeeds. */
  static CallRecord fallbackSuccess() {
    return new CallRecord(
        FINISHED,
        "okhttp",
        "openrouter.ai",
        "/api/v1/chat/completions",
        false,
        "openai/gpt-4o",
        "anthropic/claude-sonnet-4.5",
        Outcome.FALLBACK_SUCCESS,
        200,
        2731.44,
        2000.0,
        List.of(
            new AttemptRecord(
                "openai/gpt-4o",
                429,
                Classification.PROVIDER_RATE_LIMIT,
                false,
                "OpenAI",
                120.31,
                1000.0),
            new AttemptRecord(
                "openai/gpt-4o",
                502,
                Classification.PROVIDER_UNAVAILABLE,
                false,
                null,
                88.0,
                1000.0),
            new AttemptRecord(
                "anthropic/claude-sonnet-4.5",
                200,
                Classification.SUCCESS,
                false,
                null,
                523.06,
                0.0)),
        null);
  }

  /** A first-attempt success of the given model and duration. */
  static CallRecord success(String model, double millis) {
    return new CallRecord(
        FINISHED,
        "jdk",
        "api.openai.com",
        "/v1/chat/completions",
        false,
        model,
        model,
        Outcome.SUCCESS,
        200,
        millis,
        0.0,
        List.of(new AttemptRecord(model, 200, Classification.SUCCESS, false, null, millis, 0.0)),
        null);
  }

  /** A call that sent nothing because every circuit was open. */
  static CallRecord shortCircuited(String model) {
    return new CallRecord(
        FINISHED,
        "jdk",
        "api.openai.com",
        "/v1/chat/completions",
        false,
        model,
        null,
        Outcome.SHORT_CIRCUITED,
        503,
        0.2,
        0.0,
        List.of(),
        null);
  }
}

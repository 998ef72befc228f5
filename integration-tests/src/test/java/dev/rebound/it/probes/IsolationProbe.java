package dev.rebound.it.probes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.HdrHistogram.Histogram;

/**
 * An application with its own Byte Buddy, jackson-core and HdrHistogram (other versions than the
 * agent's), which uses all three and then makes an OkHttp call. Argument: the URL. Prints what each
 * library answered and the call's status.
 */
public final class IsolationProbe {
  private IsolationProbe() {}

  @SuppressWarnings(
      "deprecation") // RequestBody.create(MediaType, String): the form every version has
  public static void main(String[] args) throws Exception {
    String made =
        new ByteBuddy()
            .subclass(Object.class)
            .method(ElementMatchers.named("toString"))
            .intercept(FixedValue.value("made by the app's Byte Buddy"))
            .make()
            .load(IsolationProbe.class.getClassLoader())
            .getLoaded()
            .getDeclaredConstructor()
            .newInstance()
            .toString();
    String jar = ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    System.out.println("BYTEBUDDY " + jar.substring(jar.lastIndexOf('/') + 1) + " " + made);
    try (JsonParser p = new JsonFactory().createParser("{\"answer\":42}")) {
      while (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
        // skip to the number
      }
      System.out.println(
          "JACKSON "
              + com.fasterxml.jackson.core.json.PackageVersion.VERSION
              + " "
              + p.getIntValue());
    }
    Histogram h = new Histogram(3);
    h.recordValue(7);
    System.out.println("HDRHISTOGRAM " + h.getMaxValue());
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(10, TimeUnit.SECONDS).build();
    Request request =
        new Request.Builder()
            .url(args[0])
            .post(
                RequestBody.create(
                    MediaType.parse("application/json"),
                    "{\"model\":\"openai/gpt-4o\",\"messages\":[]}"))
            .build();
    try (Response r = client.newCall(request).execute()) {
      System.out.println("CALL " + r.code() + " " + r.header("x-rebound-attempts"));
    }
    System.exit(0);
  }
}

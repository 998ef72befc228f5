package dev.rebound.it.probes;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary JAX-RS client application on the RESTEasy Reactive (Quarkus REST) client, which sends
 * through the Vert.x core {@code HttpClient}; run in a forked JVM with the agent. It knows nothing
 * of Rebound, nor of Vert.x.
 */
public final class RestClientReactiveProbe {
  private RestClientReactiveProbe() {}

  public static void main(String[] args) throws Exception {
    Client client = ClientBuilder.newClient();
    ProbeIo.serve((mode, url, body, headers, out) -> run(client, mode, url, body, headers, out));
    System.exit(0);
  }

  private static void run(
      Client client, String mode, String url, String body, List<String[]> headers, ProbeIo.Out out)
      throws Exception {
    String what = ProbeIo.what(mode);
    Invocation.Builder request = client.target(url).request(MediaType.APPLICATION_JSON_TYPE);
    for (String[] h : headers) {
      request.header(h[0], h[1]);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (what.equals("oneshot") || what.equals("known")) {
      // An InputStream goes out as a stream, without the entity's media type unless given.
      request.header("Content-Type", "application/json");
      if (what.equals("known")) {
        request.header("Content-Length", Integer.toString(bytes.length));
      }
    }
    Entity<?> entity =
        what.equals("oneshot") || what.equals("known")
            ? Entity.entity(new ByteArrayInputStream(bytes), MediaType.APPLICATION_JSON_TYPE)
            : Entity.entity(bytes, MediaType.APPLICATION_JSON_TYPE);
    if (what.equals("stream")) {
      // A streamed download: the client hands an InputStream over the response as it arrives, for
      // a 2xx only (anything else is thrown as a WebApplicationException).
      InputStream in =
          request
              .async()
              .post(Entity.entity(bytes, MediaType.APPLICATION_JSON_TYPE), InputStream.class)
              .get(60, TimeUnit.SECONDS);
      out.status(200);
      out.lines(in);
      return;
    }
    Response response =
        what.equals("get")
            ? request.async().get().get(60, TimeUnit.SECONDS)
            : request.async().post(entity).get(60, TimeUnit.SECONDS);
    out.status(response.getStatus());
    for (Map.Entry<String, List<String>> h : response.getStringHeaders().entrySet()) {
      for (String v : h.getValue()) {
        out.header(h.getKey(), v);
      }
    }
    out.body(response.readEntity(String.class));
  }
}

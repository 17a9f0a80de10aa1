package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server closes keep-alive connections that sat idle, as real APIs do after 30 to 75 seconds
 * (and the JDK's server, behind the simulators, after 30): a request after a long Spark commit then
 * meets a pooled connection closed under it. One failed attempt must be enough; the other idle
 * connections of the pool are as old, and retrying on each of them would spend every attempt.
 */
class StaleConnectionsTest {
  private final KeepAliveServer server = new KeepAliveServer();

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  @Test
  void aRequestAfterTheServerClosedEveryIdleConnectionRetriesOnceOnAFreshOne() throws Exception {
    RestClient client = RestClient.create(HttpSettings.builder("demo", server.baseUrl())
        .auth(Auth.basicApiKey("k3y-for-tests"))
        .credentialOption("api_key")
        .hostOption("domain")
        .requestsPerMinute(100_000)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(40))
        .retries(4, Duration.ofSeconds(10))
        .build());
    int parallel = 4;
    server.holdUntil(parallel);
    ExecutorService threads = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<JsonResponse>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        calls.add(threads.submit(() -> client.get("/api/v2/tickets", Map.of())));
      }
      for (Future<JsonResponse> call : calls) {
        assertThat(call.get(30, TimeUnit.SECONDS).body().path("ok").asBoolean()).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(server.connections()).as("connections the pool now keeps idle").isEqualTo(parallel);
    server.closeEveryConnection();

    JsonResponse after = client.get("/api/v2/tickets", Map.of());

    assertThat(after.body().path("ok").asBoolean()).isTrue();
    assertThat(client.metrics().retries()).as("attempts spent on connections the server had closed").isEqualTo(1);
    assertThat(server.connections()).isEqualTo(parallel + 1);
  }

  /**
   * Answers every request with {@code {"ok":true}} and keeps the connection open for more, until
   * told to close them all; the first {@code n} requests are held until all {@code n} arrived, so
   * that they come on {@code n} connections.
   */
  private static final class KeepAliveServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile CountDownLatch held = new CountDownLatch(0);

    KeepAliveServer() {
      try {
        socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Thread acceptor = new Thread(this::accept, "keep-alive-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String baseUrl() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    void holdUntil(int requests) {
      held = new CountDownLatch(requests);
    }

    int connections() {
      return opened.get();
    }

    void closeEveryConnection() throws IOException {
      for (Socket connection : accepted) {
        connection.close();
      }
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          accepted.add(connection);
          opened.incrementAndGet();
          Thread serving = new Thread(() -> serve(connection), "keep-alive-connection");
          serving.setDaemon(true);
          serving.start();
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      try (connection) {
        BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = connection.getOutputStream();
        while (true) {
          String line = in.readLine();
          if (line == null) {
            return;
          }
          while (line != null && !line.isEmpty()) {
            line = in.readLine();
          }
          CountDownLatch latch = held;
          latch.countDown();
          latch.await(10, TimeUnit.SECONDS);
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
              + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(body);
          out.flush();
        }
      } catch (IOException | InterruptedException closed) {
        // The test closed the connection, or the client did.
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      closeEveryConnection();
    }
  }
}

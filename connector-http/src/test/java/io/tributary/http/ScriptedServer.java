package io.tributary.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer that answers from a script (or a function) and logs each request with the
 * moment it arrived, so tests can measure waits on the server's side.
 */
final class ScriptedServer implements AutoCloseable {
  record Arrival(long nanos, RecordedRequest request) {}

  private final MockWebServer server = new MockWebServer();
  private final ConcurrentLinkedQueue<MockResponse> script = new ConcurrentLinkedQueue<>();
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private volatile Function<RecordedRequest, MockResponse> handler;

  ScriptedServer() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        arrivals.add(new Arrival(System.nanoTime(), request));
        if (handler != null) {
          return handler.apply(request);
        }
        MockResponse next = script.poll();
        return next != null ? next : new MockResponse.Builder().code(599).body("script exhausted").build();
      }
    });
    try {
      server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getPort();
  }

  ScriptedServer then(MockResponse response) {
    script.add(response);
    return this;
  }

  ScriptedServer then(int code, String body, String... headers) {
    return then(response(code, body, headers));
  }

  void answer(Function<RecordedRequest, MockResponse> function) {
    handler = function;
  }

  static MockResponse response(int code, String body, String... headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(code).body(body);
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  static MockResponse json(String body) {
    return response(200, body, "Content-Type", "application/json");
  }

  List<Arrival> arrivals() {
    return new ArrayList<>(arrivals);
  }

  int requestCount() {
    return arrivals.size();
  }

  RecordedRequest request(int index) {
    return arrivals.get(index).request();
  }

  long millisBetween(int first, int second) {
    return (arrivals.get(second).nanos() - arrivals.get(first).nanos()) / 1_000_000;
  }

  static Map<String, String> query(String... pairs) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Override
  public void close() {
    server.close();
  }
}

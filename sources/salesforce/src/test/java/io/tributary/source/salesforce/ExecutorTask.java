package io.tributary.source.salesforce;

import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.TributaryException;
import io.tributary.api.ExternalException;
import io.tributary.testkit.SeparateJvm;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What an executor does with a shipped read, run inside a {@link SeparateJvm}: deserializes the
 * connection options, table options and table name, builds a fresh connector from them through
 * the factory, and reads the table until caught up. Answers with JDK types only: the ids read or
 * the error, the option names it received, the secrets it holds and the grant it authenticated
 * with.
 */
public final class ExecutorTask implements Function<byte[], Map<String, Object>> {

  @Override
  public Map<String, Object> apply(byte[] shipped) {
    Object[] work = SeparateJvm.deserialize(shipped, getClass().getClassLoader());
    OptionValues connection = (OptionValues) work[0];
    OptionValues tableOptions = (OptionValues) work[1];
    String table = (String) work[2];
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("options", List.copyOf(new TreeSet<>(connection.asMap().keySet())));
    answer.put("secrets", List.copyOf(connection.secretValues()));
    answer.put("toString", connection.toString());
    answer.put("grant", SalesforceAuth.grant(connection, connection.string(SalesforceOptions.INSTANCE_URL),
        Clock.systemUTC()).name());
    try (var connector = new SalesforceConnectorFactory().create(connection)) {
      answer.put("ids", SalesforceRuns.drain((offset, n) -> connector.read(table, offset, tableOptions), Offset.START).ids());
    } catch (TributaryException e) {
      answer.put("error", e.getMessage());
      answer.put("errorType", e.getClass().getSimpleName());
      answer.put("retryable", e instanceof ExternalException x && x.retryable());
    }
    return answer;
  }
}

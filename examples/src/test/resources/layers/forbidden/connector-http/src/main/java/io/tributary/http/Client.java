package io.tributary.http;

import io.tributary.api.Api;
import io.tributary.spark.Thing;

public class Client implements Api {
  Thing thing;
}

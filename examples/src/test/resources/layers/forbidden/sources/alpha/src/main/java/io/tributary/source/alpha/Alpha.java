package io.tributary.source.alpha;

import static io.tributary.source.beta.Beta.NAME;

public class Alpha {
  String name = NAME;
}

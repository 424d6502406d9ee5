package org.tfps.history;

import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what it is handed, for tests. */
final class Collected implements CdrSink {
  final List<HistoricalCall> calls = new ArrayList<>();
  final List<BadRow> bad = new ArrayList<>();
  final List<ReadCounts> progress = new ArrayList<>();

  @Override
  public void accept(HistoricalCall call) {
    calls.add(call);
  }

  @Override
  public void reject(BadRow row) {
    bad.add(row);
  }

  @Override
  public void progress(ReadCounts counts) {
    progress.add(counts);
  }
}

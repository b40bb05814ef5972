package vn.sen.synth;

import java.util.Map;

/**
 * One generated patient in memory: the transaction bundle (bundle format) or NDJSON lines per type
 * (NDJSON format), and the ground-truth lines.
 */
public record PatientRecord(
    int index,
    String bundle,
    Map<String, String> ndjsonByType,
    String truthPatient,
    String truthDoses,
    String truthMessages,
    Map<String, Long> resourcesByType) {}

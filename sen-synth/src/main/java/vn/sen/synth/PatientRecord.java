package vn.sen.synth;

import java.util.Map;

/**
 * One generated patient in memory: the transaction bundle (bundle format) or NDJSON lines per type
 * (NDJSON format), and the ground-truth lines ({@code truthFollowUp} is empty unless follow-up days
 * were asked for).
 */
public record PatientRecord(
    int index,
    String bundle,
    Map<String, String> ndjsonByType,
    String truthPatient,
    String truthDoses,
    String truthMessages,
    String truthFollowUp,
    Map<String, Long> resourcesByType) {}

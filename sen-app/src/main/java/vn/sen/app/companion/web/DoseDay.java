package vn.sen.app.companion.web;

import java.time.LocalDate;
import java.util.List;

/** One day of the history: its expected doses and what happened to each. */
public record DoseDay(LocalDate day, List<Dose> doses) {}

/**
 * The companion's pages at {@code /companion} for patients and their caregivers: today's doses, one-tap
 * answers, a free-text message, history, and the clinic's one-time links and QR codes for people without
 * an account. Server-rendered (Thymeleaf), Vietnamese first, made for elderly people on slow phones.
 *
 * <p>The pages depend on two ports, {@link vn.sen.app.companion.web.CompanionData} (doses, history,
 * answers, messages) and {@link vn.sen.app.companion.web.CompanionViewer} (who is looking); the default
 * adapters work on the FHIR store and the HTTP session and give way to other beans of those types.
 */
@NullMarked
package vn.sen.app.companion.web;

import org.jspecify.annotations.NullMarked;

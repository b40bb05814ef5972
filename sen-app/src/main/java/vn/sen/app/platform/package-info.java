/**
 * Platform module: what every page and request shares. For now the page language (Vietnamese first,
 * English second) and the entry page; identity, access policy, consent and the audit chain come here.
 */
@NullMarked
package vn.sen.app.platform;

import org.jspecify.annotations.NullMarked;

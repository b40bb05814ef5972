/**
 * The FHIR R4 REST adapter: {@link vn.sen.fhir.http.FhirServlet} routes requests to the interactions
 * of the <a href="https://hl7.org/fhir/R4/http.html">RESTful API</a>, negotiates JSON and XML, streams
 * stored JSON into responses and maps every {@link vn.sen.fhir.core.FhirException} to an
 * OperationOutcome. It talks to storage only through the {@link vn.sen.fhir.core.FhirRepository} port.
 */
@NullMarked
package vn.sen.fhir.http;

import org.jspecify.annotations.NullMarked;

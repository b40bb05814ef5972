package vn.sen.fhir.http;

/** HTTP status lines as Bundle.entry.response.status carries them. */
final class Statuses {
  private Statuses() {}

  static String line(int status) {
    String reason = switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 412 -> "Precondition Failed";
      case 413 -> "Payload Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Entity";
      case 501 -> "Not Implemented";
      default -> "Error";
    };
    return status + " " + reason;
  }
}

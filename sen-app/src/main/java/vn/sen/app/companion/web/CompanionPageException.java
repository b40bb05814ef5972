package vn.sen.app.companion.web;

/**
 * A request the companion pages answer with a friendly page instead of what was asked: an unknown dose, an
 * expired link, a form without its token. Mapped once by {@link CompanionErrors}.
 */
public final class CompanionPageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong: its HTTP status and the message keys of the page. */
  public enum Problem {
    LINK_UNKNOWN(404),
    LINK_EXPIRED(410),
    LINK_USED(410),
    LINK_REVOKED(410),
    NOT_SIGNED_IN(401),
    NOT_AUTHORISED(403),
    FORM_EXPIRED(403),
    DOSE_NOT_FOUND(404),
    BAD_INPUT(400);

    private final int status;

    Problem(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }

    /** Stem of its message keys: {@code companion.problem.link-expired.title} and {@code .text}. */
    public String key() {
      return "companion.problem." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final Problem problem;

  public CompanionPageException(Problem problem) {
    super(problem.name());
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}

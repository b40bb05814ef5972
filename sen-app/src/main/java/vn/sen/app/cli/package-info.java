/** Sen's command line: parsing of {@code ./sen} subcommands and what each prints. */
@NullMarked
package vn.sen.app.cli;

import org.jspecify.annotations.NullMarked;

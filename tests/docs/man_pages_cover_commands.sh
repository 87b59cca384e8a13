#!/bin/sh
# The man pages must cover what the binary offers today:
#  - man/hypercare.1 exists, names every global long option and refers to every command's page;
#  - every top-level command has man/hypercare-<command>.1 with an EXIT STATUS section;
#  - every long option that `hypercare <command> [verb] --help` prints appears in that page, and
#    so does every verb name (and alias).
# Usage: man_pages_cover_commands.sh HYPERCARE_BINARY SOURCE_DIR
set -u

bin=${1:?usage: $0 HYPERCARE_BINARY SOURCE_DIR}
src=${2:?usage: $0 HYPERCARE_BINARY SOURCE_DIR}
man=$src/man

if [ ! -x "$bin" ]; then
  echo "FAIL: $bin is not an executable; build it first" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hypercare-man.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

failed=0
fail() {
  echo "FAIL: $*" >&2
  failed=1
}

# `hypercare ARGS... --help` into $tmp/help, or fail the whole test: every other check needs it.
help_of() {
  if ! "$bin" "$@" --help >"$tmp/help" 2>"$tmp/help.err" </dev/null; then
    echo "FAIL: \`hypercare $* --help\` exited non-zero:" >&2
    cat "$tmp/help.err" >&2
    exit 1
  fi
}

# The names in the "Subcommands:" section of a help text, one entry per line; an entry with
# aliases ("list, ls") gives all its names on one line, the canonical one first.
subcommands() {
  awk '/^Subcommands:/ { on = 1; next }
       on && /^[[:space:]]*$/ { on = 0 }
       on && /^  [^ ]/ {
         line = substr($0, 3)
         split(line, cols, /   */)
         n = split(cols[1], names, /, */)
         out = ""
         for (i = 1; i <= n; i++) out = out (i > 1 ? " " : "") names[i]
         print out
       }' "$1"
}

# The long option names ("--priority") of the option lines of a help text. CLI11 indents option
# lines by two spaces and joins a short and a long name with a comma: "  -p,--priority TEXT".
# The INHERITED OPTIONS section (the global ones) is hypercare(1)'s to document, not each page's.
long_options() {
  awk '/^INHERITED OPTIONS/ { exit }
       /^  -/ {
         split(substr($0, 3), words, / /)
         n = split(words[1], names, /,/)
         for (i = 1; i <= n; i++) if (names[i] ~ /^--[A-Za-z0-9]/) print names[i]
       }' "$1"
}

# A man page as plain text: roff hyphens (\-) become "-", font escapes and \& \% go away.
normalise() {
  sed -e 's/\\-/-/g' -e 's/\\f[BIRP1-4]//g' -e 's/\\f([A-Z][A-Z]//g' -e 's/\\f\[[^]]*\]//g' \
      -e 's/\\[&%:]//g' "$1"
}

# Does the normalised page $1 contain the word $2 (an option or a name), not as part of a longer one?
mentions() {
  grep -Eq -e "(^|[^A-Za-z0-9_-])$2([^A-Za-z0-9_-]|\$)" "$1"
}

# --- hypercare(1): global options and a pointer to every command page.
help_of
cp "$tmp/help" "$tmp/root.help"
subcommands "$tmp/root.help" >"$tmp/commands"
if [ ! -s "$tmp/commands" ]; then
  fail "found no \"Subcommands:\" in \`hypercare --help\`; has its layout changed? (this script parses it)"
  exit 1
fi
if [ ! -f "$man/hypercare.1" ]; then
  fail "man/hypercare.1 is missing"
else
  normalise "$man/hypercare.1" >"$tmp/hypercare.txt"
  for opt in $(long_options "$tmp/root.help"); do
    mentions "$tmp/hypercare.txt" "$opt" ||
      fail "man/hypercare.1 does not document the global option $opt (shown by \`hypercare --help\`)"
  done
fi

# --- one page per command, covering its options, its verbs and their options.
checked=0
while read -r command aliases; do
  page=man/hypercare-$command.1
  if [ ! -f "$src/$page" ]; then
    fail "$page is missing: \`hypercare $command\` has no man page"
    continue
  fi
  text=$tmp/$command.txt
  normalise "$src/$page" >"$text"
  grep -q '^\.SH "*EXIT STATUS' "$src/$page" || fail "$page has no EXIT STATUS section"
  if [ -f "$tmp/hypercare.txt" ]; then
    mentions "$tmp/hypercare.txt" "hypercare-$command" ||
      fail "man/hypercare.1 does not refer to hypercare-$command(1)"
  fi
  for alias in $aliases; do
    mentions "$text" "$alias" || fail "$page does not mention the alias '$alias' of $command"
  done

  help_of "$command"
  cp "$tmp/help" "$tmp/$command.help"
  for opt in $(long_options "$tmp/$command.help"); do
    mentions "$text" "$opt" || fail "$page does not document $opt (shown by \`hypercare $command --help\`)"
    checked=$((checked + 1))
  done
  subcommands "$tmp/$command.help" >"$tmp/$command.verbs"
  while read -r verb verb_aliases; do
    for name in $verb $verb_aliases; do
      mentions "$text" "$name" || fail "$page does not mention the verb '$name' of \`hypercare $command\`"
    done
    help_of "$command" "$verb"
    for opt in $(long_options "$tmp/help"); do
      mentions "$text" "$opt" ||
        fail "$page does not document $opt (shown by \`hypercare $command $verb --help\`)"
      checked=$((checked + 1))
    done
  done <"$tmp/$command.verbs"
done <"$tmp/commands"

if [ "$checked" -eq 0 ]; then
  fail "found no options in any command's --help; has the help layout changed? (this script parses it)"
fi
if [ $failed -eq 0 ]; then
  echo "ok: $(wc -l <"$tmp/commands" | tr -d ' ') commands, $checked command options documented in man/"
fi
exit $failed

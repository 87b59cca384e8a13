#!/bin/sh
# Every man page must have the same skeleton and no text that has gone stale:
#  - the sections NAME, SYNOPSIS, DESCRIPTION, EXIT STATUS, ENVIRONMENT, FILES and SEE ALSO, none
#    of them empty;
#  - near the end, in this order: EXIT STATUS, ENVIRONMENT, FILES, SEE ALSO, with SEE ALSO last
#    (other sections, such as EXAMPLES, come before EXIT STATUS);
#  - none of the phrases that described features before they were built ("not recorded yet").
# Usage: man_pages_structure.sh SOURCE_DIR
set -u

src=${1:?usage: $0 SOURCE_DIR}

# Phrases that were true once and are not any more, one per line (matched case-insensitively, in
# the page's text with roff escapes removed and its lines joined).
stale_phrases='not recorded yet
does not write them yet'

failed=0
page_failed=0
fail() {
  echo "FAIL: $*" >&2
  failed=1
  page_failed=1
}

# The section names of a page, one per line, in order: `.SH NAME`, `.SH "EXIT STATUS"`.
sections() {
  sed -n -e 's/^\.SH[[:space:]]\{1,\}//p' "$1" | sed -e 's/^"//' -e 's/"[[:space:]]*$//' -e 's/[[:space:]]*$//'
}

# The 1-based position of section $2 in the list $1 (one name per line); empty when absent.
position() {
  printf '%s\n' "$1" | awk -v want="$2" '$0 == want { print NR; exit }'
}

# A page's text on one line: comments dropped, macro names (.B, .BR, ...) dropped, roff escapes
# for hyphens, fonts and zero-width characters removed, whitespace squeezed.
text_of() {
  sed -e '/^\.\\"/d' -e 's/^\.[A-Za-z][A-Za-z]*[[:space:]]*//' -e 's/\\-/-/g' -e 's/\\f[BIRP1-4]//g' \
      -e 's/\\f([A-Z][A-Z]//g' -e 's/\\f\[[^]]*\]//g' -e 's/\\[&%:]//g' -e 's/"//g' "$1" |
    tr '\n' ' ' | tr -s ' \t' '  '
}

found=0
for page in "$src"/man/hypercare*.1; do
  [ -f "$page" ] || continue
  found=1
  page_failed=0
  name=man/${page##*/}
  list=$(sections "$page")
  count=$(printf '%s\n' "$list" | grep -c .)

  for required in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" ENVIRONMENT FILES "SEE ALSO"; do
    [ -n "$(position "$list" "$required")" ] || fail "$name has no $required section"
  done

  # An empty section: a .SH line directly followed by another .SH line or the end of the page.
  empty=$(awk '/^\.SH[[:space:]]/ { if (open) print prev; prev = $0; open = 1; next }
               /^\.\\"/ { next }
               /[^[:space:]]/ { open = 0 }
               END { if (open) print prev }' "$page" | sed -e 's/^\.SH[[:space:]]*//' -e 's/"//g')
  if [ -n "$empty" ]; then
    printf '%s\n' "$empty" | while read -r s; do echo "FAIL: $name: the $s section is empty" >&2; done
    failed=1
    page_failed=1
  fi

  see_also=$(position "$list" "SEE ALSO")
  exit_status=$(position "$list" "EXIT STATUS")
  environment=$(position "$list" "ENVIRONMENT")
  files=$(position "$list" "FILES")
  if [ -n "$see_also" ] && [ "$see_also" -ne "$count" ]; then
    last=$(printf '%s\n' "$list" | sed -n '$p')
    fail "$name: SEE ALSO is not the last section ($last comes after it)"
  fi
  if [ -n "$see_also" ] && [ -n "$exit_status" ] && [ "$exit_status" -gt "$see_also" ]; then
    fail "$name: EXIT STATUS comes after SEE ALSO"
  fi
  if [ -n "$exit_status" ] && [ -n "$environment" ] && [ -n "$files" ] && [ -n "$see_also" ]; then
    if [ "$environment" -ne $((exit_status + 1)) ] || [ "$files" -ne $((exit_status + 2)) ] ||
       [ "$see_also" -ne $((exit_status + 3)) ]; then
      first=$exit_status
      for n in $environment $files $see_also; do [ "$n" -lt "$first" ] && first=$n; done
      fail "$name: the last sections must be EXIT STATUS, ENVIRONMENT, FILES, SEE ALSO in that order, but are" \
           "$(printf '%s\n' "$list" | sed -n "$first,\$p" | awk '{ printf "%s%s", (NR > 1 ? ", " : ""), $0 }')"
    fi
  fi

  text=$(text_of "$page")
  printf '%s\n' "$stale_phrases" | while IFS= read -r phrase; do
    [ -n "$phrase" ] || continue
    if printf '%s\n' "$text" | grep -qiF -e "$phrase"; then
      echo "FAIL: $name says \"$phrase\", which is no longer true" >&2
      exit 1
    fi
  done || { failed=1; page_failed=1; }

  [ $page_failed -eq 0 ] && echo "ok: $name"
done

if [ $found -eq 0 ]; then
  echo "FAIL: no man pages in $src/man" >&2
  exit 1
fi
exit $failed

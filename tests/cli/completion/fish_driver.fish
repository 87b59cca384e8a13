# Completes each line read from stdin with hypercare's fish completion (`complete -C`, as fish does
# on TAB at the end of the line). Prints "candidate<TAB>description" lines, then "--".
hypercare completion fish | source; or exit 3
while read -l line
    complete -C "$line"
    printf '%s\n' --
end

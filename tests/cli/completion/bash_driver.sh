#!/usr/bin/env bash
# Completes each line read from stdin with hypercare's bash completion, the way bash does on TAB at
# the end of the line (words split at blanks and at "=" as COMP_WORDBREAKS does), with the real
# bash-completion loaded. Prints COMPREPLY, one per line, then "--".
set -u
# shellcheck source=/dev/null
source /usr/share/bash-completion/bash_completion || exit 3
# shellcheck source=/dev/null
source <(hypercare completion bash) || exit 3
complete -p hypercare >/dev/null || exit 3

while IFS= read -r line; do
  COMP_WORDS=()
  read -ra raw <<<"$line"
  for w in "${raw[@]}"; do
    while [[ $w == *=* ]]; do
      [[ -n ${w%%=*} ]] && COMP_WORDS+=("${w%%=*}")
      COMP_WORDS+=("=")
      w=${w#*=}
    done
    [[ -n $w ]] && COMP_WORDS+=("$w")
  done
  [[ $line == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE=$line
  COMP_POINT=${#line}
  COMPREPLY=()
  _hypercare
  ((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}"
  echo "--"
done

# Completes each line read from stdin with hypercare's zsh completion: an interactive zsh on a
# pseudo-terminal (zpty) with compinit types the line and TAB. Every match zsh is given is
# recorded ("M:match", and "D:display" for its description lines), then "--" per line.
zmodload zsh/zpty || exit 3
out=${TMPDIR:-/tmp}/hc-zsh-$$.out
rc=${TMPDIR:-/tmp}/hc-zsh-$$.d
mkdir -p $rc && : >$out
hypercare completion zsh >$rc/_hypercare || exit 3
cat >$rc/.zshrc <<RC
PS1='> '
fpath=($rc \$fpath)
autoload -Uz compinit && compinit -u -d $rc/.zcompdump
unsetopt beep autolist
# Record what each compadd would add (-O/-A/-D calls only ask, they add nothing).
compadd() {
  if (( \${@[(I)-[OAD]]} )); then builtin compadd "\$@"; return; fi
  local -a __m __d
  builtin compadd -A __m "\$@"
  local i=\${@[(i)-d]}
  (( i < \$# )) && __d=("\${(@P)\${@[i+1]}}")
  print -rl -- "\${(@)__m/#/M:}" "\${(@)__d/#/D:}" >>$out
  builtin compadd "\$@"
}
__hc_end() { print -r -- "--" >>$out; BUFFER=; }
zle -N __hc_end
bindkey '^T' __hc_end
RC
export ZDOTDIR=$rc  # zpty is a builtin: a prefix assignment would not reach the child
zpty hc zsh -d -i || exit 3
zpty -r hc _ '*> ' || exit 3  # typed before the first prompt, input could be discarded
n=0
while IFS= read -r line; do
  n=$((n + 1))
  zpty -w -n hc "$line"$'\t'$'\x14'
  # Wait for the "--" of this line (the completion runs before ^T is read).
  for _ in {1..600}; do
    (( $(grep -c -- '^--$' $out) >= n )) && break
    sleep 0.05
  done
done
zpty -d hc
cat $out
rm -rf $out $rc

# SPDX-License-Identifier: MIT
# script.sh - a busybox sh workload whose output must be the same, byte
# for byte, on Linux and on Keel. Everything it prints is deterministic:
# no pids, no times, and background jobs write to their own files.

section() {
	printf '== %s\n' "$1"
}

work=/tmp/shell-test
rm -rf "$work"
mkdir -p "$work" || exit 90
cd "$work" || exit 91

section "redirections"
echo first >out.txt
echo second >>out.txt
printf 'third\n' >>out.txt
cat out.txt
wc -l <out.txt
ls /no/such/file >err.txt 2>&1
echo "ls status $?"
grep -c 'No such file' err.txt
{ echo to-stdout; echo to-stderr >&2; } 2>&1 | sort
exec 3>fd3.txt
echo via-fd3 >&3
exec 3>&-
cat fd3.txt
: >empty.txt
test -s empty.txt || echo "empty.txt is empty"
test -f empty.txt && echo "empty.txt exists"

section "pipes"
printf '%s\n' pear apple fig apple banana fig apple | sort | uniq -c | sort -rn | head -n 2
echo "Hello World" | tr 'a-z' 'A-Z'
echo "a:b:c:d" | tr ':' '\n' | wc -l
seq 1 10 | awk '{ s += $1 } END { print "sum", s }'
seq 1 20 | grep '^1' | tr '\n' ' '
echo
printf 'one two\nthree four\n' | sed 's/o/0/g; s/^t/T/'
printf '3\n1\n2\n' | sort -n | xargs echo sorted:
printf 'a b c\n' | xargs -n 1 printf '[%s]\n'
yes | head -n 3 | wc -l

section "command substitution"
n=$(printf 'x\ny\nz\n' | wc -l)
echo "lines: $n"
nested=$(echo "outer $(echo inner $(echo deepest))")
echo "$nested"
old=`echo backquotes`
echo "$old"
files=$(ls "$work" | sort | tr '\n' ,)
echo "files: $files"

section "subshells"
x=outer
(x=inner; echo "in subshell: $x"; exit 3)
echo "subshell status $? x=$x"
(cd /; pwd)
pwd | sed "s|$work|WORK|"
v=$( (echo a; echo b) | wc -l)
echo "grouped lines: $v"

section "loops"
for i in 1 2 3; do
	printf 'for %s\n' "$i"
done
i=0
while [ $i -lt 5 ]; do
	i=$((i + 1))
	[ $i -eq 2 ] && continue
	[ $i -eq 4 ] && break
	echo "while $i"
done
n=3
until [ $n -eq 0 ]; do
	echo "until $n"
	n=$((n - 1))
done
printf 'k1 v1\nk2 v2\n' | while read -r k v; do
	echo "read $k=$v"
done
for w in $(echo "alpha beta gamma"); do
	echo "${#w} $w"
done

section "functions"
add() {
	echo $(($1 + $2))
}
fact() {
	if [ "$1" -le 1 ]; then
		echo 1
	else
		echo $(($1 * $(fact $(($1 - 1)))))
	fi
}
retcode() {
	return "$1"
}
counter=0
bump() {
	counter=$((counter + 1))
}
echo "add: $(add 2 40)"
echo "fact 10: $(fact 10)"
retcode 7
echo "return status $?"
bump; bump; bump
echo "counter $counter"
args() {
	echo "argc $#: $*"
	shift
	echo "after shift: $1"
}
args x "y z" w

section "arithmetic"
a=17 b=5
echo $((a + b)) $((a - b)) $((a * b)) $((a / b)) $((a % b))
echo $((a << 2)) $((a >> 1)) $((a & b)) $((a | b)) $((a ^ b))
echo $((a > b)) $((a == b)) $((!0)) $(((a + b) * 2))
echo $((0x1f)) $((010)) $((-a))
c=0
c=$((c += 4))
echo "c=$c"

section "strings"
s="hello-world.tar.gz"
echo "${#s}"
echo "${s%.gz}" "${s%%.*}" "${s#*-}" "${s##*.}"
echo "${unset_var:-default}" "${s:+set}"
: "${assigned:=now}"
echo "assigned=$assigned"
case $s in
*.tar.gz) echo "case: tarball" ;;
*) echo "case: other" ;;
esac
echo "abcdef" | cut -c 2-4
printf '%5s|%-5s|%03d|%x|%c\n' ab cd 7 255 zed
printf '%s and %s\n' one two three four
str="a b  c"
set -- $str
echo "words: $#"
[ "abc" = "abc" ] && echo "equal strings"
[ "abc" != "abd" ] && echo "different strings"
[ -z "" ] && [ -n "x" ] && echo "empty and non-empty"
test 3 -gt 2 -a 2 -ge 2 && echo "numeric tests"
[ ! -d /no/such/dir ] && echo "no such dir"

section "here-documents"
cat <<END
plain heredoc with $a and $(echo substitution)
END
cat <<'END'
quoted heredoc keeps $a and $(echo this)
END
sed 's/^/> /' <<END | tr a-z A-Z
piped
heredoc
END
while read -r line; do
	echo "got: $line"
done <<END
x1
x2
END

section "text tools"
cat >data.txt <<END
carol 35 paris
alice 30 london
bob 25 berlin
dave 30 paris
END
sort data.txt
sort -k2,2n -k1,1 data.txt
awk '$3 == "paris" { print $1 }' data.txt
awk '{ age[$2]++ } END { for (k in age) print k, age[k] }' data.txt | sort
grep -n 'o' data.txt
grep -v -c paris data.txt
sed -n '2,3p' data.txt
sed -e '/bob/d' -e 's/ [0-9]* / /' data.txt
cut -d ' ' -f 3 data.txt | sort | uniq
wc -w <data.txt
wc -c <data.txt
head -c 11 data.txt; echo
tail -n 1 data.txt
printf 'b\na\nb\nc\na\n' | sort -u | tr -d '\n'; echo

section "bulk data"
seq 1 20000 >numbers.txt
wc -l <numbers.txt
sort -rn numbers.txt | head -n 3 | tr '\n' ' '; echo
cat numbers.txt numbers.txt | sort -n | uniq -d | wc -l
awk '{ s += $1 } END { print s }' numbers.txt
dd if=/dev/zero bs=1024 count=300 2>/dev/null | wc -c
head -c 100000 /dev/zero | tr '\0' 'z' | wc -c
grep -c 7 numbers.txt
sed -n '$p' numbers.txt
tail -c 12 numbers.txt | od -A d -t x1 | head -n 1
cat numbers.txt | cat | cat | md5sum | cut -d ' ' -f 1
cp numbers.txt copy.txt && cmp numbers.txt copy.txt && echo "copy is equal"
echo extra >>copy.txt
cmp -s numbers.txt copy.txt || echo "copies differ now"

section "files and directories"
mkdir -p tree/a/b tree/c
echo one >tree/a/one.txt
echo two >tree/a/b/two.txt
echo three >tree/c/three.txt
ln -s ../a/one.txt tree/c/link.txt
cat tree/c/link.txt
readlink tree/c/link.txt
find tree | sort
find tree -name '*.txt' -type f | sort | xargs cat
mv tree/c/three.txt tree/c/moved.txt
ls tree/c | sort
rm tree/a/b/two.txt
rmdir tree/a/b && echo "rmdir ok"
[ -L tree/c/link.txt ] && echo "is a symlink"
[ -d tree/a ] && [ ! -e tree/a/b ] && echo "b is gone"
chmod 600 tree/a/one.txt
stat -c '%a %s %n' tree/a/one.txt
touch tree/new.txt
[ -e tree/new.txt ] && echo "touched"
for f in tree/*; do echo "glob $f"; done
echo tree/a/*.txt
basename /x/y/file.tar.gz .gz
dirname /x/y/file.tar.gz

section "shell builtins"
eval 'e1=evaluated; echo "eval: $e1"'
IFS=: read -r f1 f2 f3 <<END
red:green:blue
END
echo "$f3 $f2 $f1"
set -- -a -b val rest
while getopts ab: opt; do
	echo "opt $opt ${OPTARG:-}"
done
shift $((OPTIND - 1))
echo "left: $*"
loc() {
	local inner=local-value
	echo "$inner"
}
inner=global-value
loc
echo "$inner"
(set -e; false; echo not-reached); echo "set -e status $?"
type cd | head -n 1
command -v true >/dev/null && echo "command -v ok"
printf '%s\n' "tab:\there" "nl:\\n"
printf 'esc: [\t]\n'
echo "$(( $(printf '%d' "'A") ))"
x=5; x=$((x * x)); echo "x=$x"
unset x; echo "x=${x-unset}"
readonly ro=1; (ro=2) 2>/dev/null || echo "readonly holds"

section "more io"
umask 027
echo masked >masked.txt
mkdir masked.d
stat -c '%a %n' masked.txt masked.d
umask 022
printf 'line a\nline b\nline c\n' | tee tee1.txt tee2.txt | wc -l
cmp tee1.txt tee2.txt && echo "tee wrote both"
sed -i 's/line b/LINE B/' tee1.txt
cat tee1.txt
ln tee2.txt hard.txt
stat -c '%h' tee2.txt
echo more >>hard.txt
tail -n 1 tee2.txt
echo short >tee2.txt
wc -c <hard.txt
exec 4<tee1.txt
read -r l1 <&4
read -r l2 <&4
exec 4<&-
echo "read from fd 4: $l1 / $l2"
echo "12345" >rw.txt
exec 5<>rw.txt
printf 'ab' >&5
exec 5>&-
cat rw.txt
dd if=/dev/zero of=sparse.bin bs=1 count=1 seek=4095 2>/dev/null
wc -c <sparse.bin
ls /no/such 2>err2.txt >out2.txt
echo "out2 $(wc -c <out2.txt) err2 $(grep -c . err2.txt)"
sort -t : -k 2,2 <<END
x:3
y:1
z:2
END
awk 'BEGIN { printf "%-4s|%6.2f|%d\n", "ab", 3.14159, 42 }'
awk -F, '{ print NF, $2 }' <<END
a,b,c
d,e
END
printf '%b\n' 'tab[\t] and \101'
mkdir -p real/dir && ln -s real/dir lnk
(cd lnk && pwd | sed "s|$work|WORK|" && pwd -P | sed "s|$work|WORK|")
cd /tmp && cd - >/dev/null && pwd | sed "s|$work|WORK|"
split_me="a,b,,c"
old_ifs=$IFS; IFS=,
set -- $split_me
IFS=$old_ifs
echo "fields: $#"
for f in "$@"; do printf '<%s>' "$f"; done; echo

section "background jobs"
(sleep 1; echo "slow done" >slow.txt; exit 4) &
slow=$!
(echo "fast done" >fast.txt; exit 5) &
fast=$!
wait $fast
echo "fast status $?"
wait $slow
echo "slow status $?"
cat fast.txt slow.txt
for k in 1 2 3; do
	(echo "job $k" >job$k.txt) &
done
wait
cat job1.txt job2.txt job3.txt
# Whether the shell reports "Terminated" depends on when the child's
# death is noticed: keep that report out of the output.
{
	sleep 30 &
	victim=$!
	kill -0 $victim && echo "victim alive"
	kill $victim
	wait $victim
	echo "killed status $?"
} 2>/dev/null
sh -c 'exit 9' &
wait $!
echo "sh -c status $?"

section "signals to jobs"
mkfifo named.fifo
[ -p named.fifo ] && echo "is a fifo"
# The job says when its trap is set; only then is it signalled.
sh -c 'trap "echo job caught USR1 >trap.txt; exit 11" USR1
	echo ready >ready.tmp && mv ready.tmp ready.txt
	while :; do sleep 1; done' &
job=$!
while [ ! -e ready.txt ]; do
	sleep 0.1
done
echo "job is $(cat ready.txt)"
kill -USR1 $job
wait $job
echo "job status $?"
cat trap.txt
timeout 1 sleep 10
echo "timeout status $?"
sleep 0.2
echo "fractional sleep done"
child_ppid=$(sh -c 'echo $PPID')
[ "$child_ppid" = "$$" ] && echo "child's parent is this shell"
(exec echo "exec in a subshell")
echo "ulimit -n $(ulimit -n)"
kill -l 15

section "traps"
trap 'echo "caught USR1"' USR1
kill -USR1 $$
echo "after USR1"
trap - USR1
sh -c 'trap "echo child caught TERM; exit 6" TERM; kill -TERM $$; echo not-reached'
echo "child status $?"
sh -c 'trap "echo child exit trap" EXIT; echo child body; exit 2'
echo "child with exit trap status $?"
sh -c 'trap "echo grandchild HUP" HUP; kill -HUP $$; echo grandchild-end' | cat

section "exit codes"
true; echo "true $?"
false; echo "false $?"
! false; echo "negated $?"
sh -c 'exit 42'; echo "exit 42 -> $?"
/no/such/command 2>/dev/null; echo "missing command $?"
grep -q nothing-matches data.txt; echo "grep miss $?"
false | true; echo "pipeline last $?"
true && echo "and-list" || echo "not reached"
false || echo "or-list"
sh -c 'kill -9 $$'; echo "killed by 9 -> $?"

section "tools"
# What everyday tools print, in the shape Linux gives it: fixed inputs
# where the values are deterministic, headers and field counts where they
# are not (sizes of memory and file systems, pids, times).
mkdir tools && cd tools || exit 92
printf 'abc\n' >f
chmod 640 f
touch -d '2020-01-02 03:04:05' f
ls -l f | awk '{ print $1, $2, $5, $6, $7, $8, $9 }'
ls -ld . | cut -c1
stat -c '%a %s %F %h %Y' f
stat -c '%F' /dev/null /proc /
mkdir -p tree/a/b
: >tree/a/x.so
: >tree/a/b/y.so
: >tree/a/b/z.txt
find tree -name '*.so' | sort
find tree -type d | sort
find tree -newer f -type f | wc -l
tar cf t.tar tree f
gzip -9 t.tar
gzip -t t.tar.gz && echo "gzip test ok"
mkdir out
gzip -dc t.tar.gz | tar xf - -C out
diff -r tree out/tree && cmp f out/f && echo "tar round trip ok"
tar tzf t.tar.gz | sort
printf 'b\na\nb\nc\nb\na\n' | sort | uniq -c | awk '{ print $1, $2 }'
df /proc | awk 'NR == 1 { print } NR > 1 { print NF, $NF }'
stat -c '%d' / /proc | sort -u | wc -l
free | awk 'NR == 1 { print NF, $1, $2, $3 } NR > 1 { print NF, $1 }'
ps | awk 'NR == 1 { print }'
ps -o pid,ppid,comm | awk 'NR == 1 { print } NR > 1 && $3 == "ps" { n++ } END { print "ps rows", n }'
top -b -n 1 | awk '/^Mem:/ { m = 1 } /^CPU:/ { c = 1 } /^Load average:/ { l = 1 }
	/PID +PPID +USER/ { h = 1 } END { print "top", m, c, l, h }'
mount | awk '$3 == "/proc" { print $1, $2, $3, $4, $5 }'
mount | awk '$3 == "/" { n++ } END { print (n >= 1) ? "root mounted" : "no root" }'
uname -s
cd .. || exit 93

section "proc"
test -r /proc/self/stat && echo "stat readable"
read -r spid rest </proc/self/stat
[ "$spid" = "$$" ] && echo "self is this shell"
sh -c 'read -r p rest </proc/self/stat; [ "$p" = "$$" ] && echo "self in a child"'
[ "$(readlink /proc/$$/exe)" = /bin/busybox ] && echo "exe is busybox"
tr '\0' '|' </proc/$$/cmdline
echo
readlink /proc/$$/cwd
echo data >proc-fd.txt
exec 7<proc-fd.txt
readlink /proc/$$/fd/7
exec 7<&-
awk '/^MemTotal:/ { t = $2 } /^MemFree:/ { f = $2 }
	END { print (t >= f && f > 0) ? "meminfo sane" : "meminfo odd" }' /proc/meminfo
grep -c '^processor' /proc/cpuinfo
grep -q '^proc /proc proc ' /proc/mounts && echo "proc in mounts"
grep -c '\[stack\]$' /proc/self/maps
test -e /proc/999999 || echo "no process 999999"
cat /proc/999999/stat 2>/dev/null || echo "cat status $?"
echo 1 >/proc/self/stat 2>/dev/null || echo "stat not writable"

section "pty"
# An interactive shell on a pseudo-terminal, driven as a user would: a
# command, then Ctrl-C on a foreground job (typed again until the prompt
# comes back), then exit. Linux needs devpts mounted; Keel has it.
[ -e /dev/pts/ptmx ] || { mkdir -p /dev/pts; mount -t devpts devpts /dev/pts; } 2>/dev/null
printf '%s\n' 'timeout 120' 'expect pty[$] ' \
	'send echo in-pty-$((6*7)); tty\r' 'expect in-pty-42' 'expect pty[$] ' \
	"send sh -c 'echo sleeping-\$((6*8)); exec sleep 100'\\r" \
	'expect sleeping-48' 'nudge 20 \x03' 'expect pty[$] ' \
	'send echo status-$?; exit 5\r' 'wait' >pty.script
PS1='pty$ ' ptydrive pty.script /bin/sh -i >pty.out 2>pty.err
echo "ptydrive exit $?"
tr -d '\r' <pty.out | grep -E '^(in-pty-42|/dev/pts/[0-9]+|status-130)$' |
	sed 's|/[0-9]*$|/N|'

section "end"
trap 'echo "exit trap ran"; rm -rf "$work"' EXIT
echo "leaving with 3"
exit 3

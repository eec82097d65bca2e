# SPDX-License-Identifier: GPL-2.0
# Differential testing of halo-vsadm against the real ipvsadm 1.31.
#
# A sequence is a list of shell command lines, one per line, in which the word
# "ipvsadm" runs the tool under test ('#' lines and blank lines are skipped).
# vsdiff_run runs the sequence twice, once with ipvsadm on the in-kernel ip_vs
# and once with halo-vsadm (invoked as "ipvsadm", so that messages naming
# the program read the same) on halo_vs, each from an empty table, and emits
# one TAP line per command: its stdout, stderr and exit code must be equal.
# Only the banner's version and table size may differ.
#
#   . "$(dirname "$0")/vsdiff.bash"
#   vsdiff_need_ops NEW_SERVICE GET_SERVICE || skip_all "..."
#   vsdiff_plan FILE...; vsdiff_run NAME FILE...; ktap_finish

VSDIFF_DIR=$(mktemp -d /tmp/vsdiff.XXXXXX)
on_exit rm -rf "$VSDIFF_DIR"
mkdir -p "$VSDIFF_DIR/real" "$VSDIFF_DIR/halo"
ln -s "$(command -v ipvsadm)" "$VSDIFF_DIR/real/ipvsadm"
ln -s "$HALO_TOP/userland/vsadm/halo-vsadm" "$VSDIFF_DIR/halo/ipvsadm"

# Command numbers of the HALO_VS family (include/uapi/linux/halo_vs.h).
declare -A VSDIFF_OP=([GET_INFO]=1 [NEW_SERVICE]=2 [SET_SERVICE]=3
	[DEL_SERVICE]=4 [GET_SERVICE]=5 [NEW_DEST]=6 [SET_DEST]=7 [DEL_DEST]=8
	[GET_DEST]=9 [SET_CONFIG]=10 [GET_CONFIG]=11 [ZERO]=12 [FLUSH]=13
	[GET_CONN]=14)

# vsdiff_load_halo: halo_vs; its schedulers load on demand (request_module
# finds halo_vs_NAME in the staged modules tree).
vsdiff_load_halo() {
	modprobe halo_vs
}

# vsdiff_need_ops OP...: does the loaded halo_vs implement these commands?
vsdiff_need_ops() {
	local ops op id
	vsdiff_load_halo || return 1
	ops=$(genl ctrl get name HALO_VS 2>/dev/null) || return 1
	for op in "$@"; do
		printf -v id '0x%x' "${VSDIFF_OP[$op]}"
		grep -qiE "#[0-9]+: *ID-$id( |$)" <<<"$ops" || {
			VSDIFF_MISSING=$op
			return 1
		}
	done
}

_vsdiff_lines() { grep -hv -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$@"; }

# vsdiff_plan FILE... [EXTRA]: plan one TAP line per command, plus EXTRA.
VSDIFF_PLANNED=0
vsdiff_plan() {
	local extra=0
	[[ ${!#} =~ ^[0-9]+$ ]] && extra=${!#} && set -- "${@:1:$#-1}"
	VSDIFF_PLANNED=$(($(_vsdiff_lines "$@" | wc -l) + extra))
	ktap_plan "$VSDIFF_PLANNED"
}

# _vsdiff_exec WHICH: run every line of the sequence in one bash (forks are
# slow under TCG), WHICH's ipvsadm first on PATH; per command N the files
# WHICH.o.N, WHICH.e.N and WHICH.rc.N in $VSDIFF_DIR.
_vsdiff_exec() {
	local which=$1 d=$VSDIFF_DIR i=0 line
	while IFS= read -r line; do
		i=$((i + 1))
		printf '{ %s\n} >%q 2>%q </dev/null; echo $? >%q\n' "$line" \
			"$d/$which.o.$i" "$d/$which.e.$i" "$d/$which.rc.$i"
	done <"$d/seq" >"$d/$which.script"
	PATH=$d/$which:$PATH bash "$d/$which.script" >/dev/null 2>&1 </dev/null
}

# _vsdiff_record WHICH N VAR: set VAR to what command N printed and returned, with the
# banner's version and size masked, halo's "-R: stopped at line" note cut.
_vsdiff_record() {
	local f=$VSDIFF_DIR/$1 o="" e="" rc=missing
	[[ -f $f.rc.$2 ]] && read -r rc <"$f.rc.$2"
	[[ -f $f.o.$2 ]] && IFS= read -r -d '' o <"$f.o.$2"
	[[ -f $f.e.$2 ]] && IFS= read -r -d '' e <"$f.e.$2"
	o=${o/#IP Virtual Server version +([0-9.]) \(size=+([0-9])\)/IP Virtual Server version V (size=N)}
	e=${e/ipvsadm: -R: stopped at line +([0-9])$'\n'/}
	printf -v "$3" 'rc=%s\n--- stdout\n%s--- stderr\n%s' "$rc" "$o" "$e"
}

# vsdiff_run NAME FILE...: one TAP line per command of the sequence.
vsdiff_run() {
	local name=$1 i=0 line real halo
	shift
	shopt -s extglob
	_vsdiff_lines "$@" >"$VSDIFF_DIR/seq"
	modprobe ip_vs && ipvsadm -C
	_vsdiff_exec real
	ipvsadm -C
	vsdiff_load_halo && halo-vsadm -C 2>/dev/null
	_vsdiff_exec halo
	halo-vsadm -C 2>/dev/null
	while IFS= read -r line; do
		i=$((i + 1))
		_vsdiff_record real $i real
		_vsdiff_record halo $i halo
		if [[ $real == "$halo" && $real != rc=missing* ]]; then
			ktap_ok "$name: $line"
		else
			ktap_not_ok "$name: $line"
			diag "ipvsadm:"
			printf '%s\n' "$real" | sed 's/^/#   /'
			diag "halo-vsadm:"
			printf '%s\n' "$halo" | sed 's/^/#   /'
		fi
	done <"$VSDIFF_DIR/seq"
	# A sequence that produced no records cannot have been compared.
	((i > 0)) || ktap_not_ok "$name: no commands ran"
}

# vsdiff_finish: fail unless every planned TAP line was emitted.
vsdiff_finish() {
	if ((_ktap_n != VSDIFF_PLANNED)); then
		diag "emitted $_ktap_n of $VSDIFF_PLANNED planned results"
		exit 1
	fi
	ktap_finish
}

#!/usr/bin/env bash
# Goodput under a spoofed INVITE flood, without and with inline mitigation (docs/mitigation.md).
#
# Three network namespaces joined by a bridge, no route out of any of them:
#   sipddos-gp-srv  10.77.0.1  SIPp UAS on :5060; UDP 5060 in (and out) goes to NFQUEUE, bypass
#   sipddos-gp-cli  10.77.0.2  SIPp UAC placing legitimate calls
#   sipddos-gp-atk  10.77.0.3  `sipddos flood --spoof random` (forged sources, raw socket)
# Each run: the UAC starts, 2 s later the flood starts; the UAC places calls until the flood ends.
# Attack INVITEs delivered to the UAS are counted by an nft counter in a chain that runs after
# the queue's verdict (input hook, priority 10): packets to :5060 not from the UAC.
# Prints, for each mode, one line:
#   mode=none legit_completed=X% attack_delivered=Y% ...
#   mode=inline legit_completed=X% attack_delivered=Y% ...
# Needs root, ip, nft (or iptables when the kernel lacks nft's queue statement), sipp.
#
# Usage: bench/goodput.sh [--short] [--check] [--sipddos PATH] [--rate N] [--duration S]
#                         [--calls N] [--queue N] [--logs DIR]
#   --short     8 s flood, 3 calls/s (the ctest version)
#   --check     exit 1 unless inline >= 99% legit and <= 1% attack, and without mitigation the
#               flood is delivered (>= 50%)
set -euo pipefail

SIPDDOS=""
RATE=1000
DURATION=30
CALLS=10
QUEUE=5
CHECK=0
LOGS=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --short) DURATION=8; CALLS=3; shift ;;
    --check) CHECK=1; shift ;;
    --sipddos) SIPDDOS="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --calls) CALLS="$2"; shift 2 ;;
    --queue) QUEUE="$2"; shift 2 ;;
    --logs) LOGS="$2"; shift 2 ;;
    *) echo "goodput.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

HERE="$(cd "$(dirname "$0")" && pwd)"
if [[ -z "$SIPDDOS" ]]; then
  for c in "$HERE"/../build*/src/cli/sipddos; do [[ -x "$c" ]] && SIPDDOS="$c" && break; done
fi
[[ -x "$SIPDDOS" ]] || { echo "goodput.sh: no sipddos binary (--sipddos PATH)" >&2; exit 2; }
SIPDDOS="$(cd "$(dirname "$SIPDDOS")" && pwd)/$(basename "$SIPDDOS")"
[[ $EUID -eq 0 ]] || { echo "goodput.sh: needs root (network namespaces, nft)" >&2; exit 2; }
for t in ip nft sipp; do
  command -v "$t" >/dev/null || { echo "goodput.sh: $t not found" >&2; exit 2; }
done

SRV=sipddos-gp-srv CLI=sipddos-gp-cli ATK=sipddos-gp-atk
SRV_IP=10.77.0.1 CLI_IP=10.77.0.2 ATK_IP=10.77.0.3
for ns in $SRV $CLI $ATK; do
  if ip netns list | grep -qw "$ns"; then
    echo "goodput.sh: namespace $ns exists (another run?); remove it with: ip netns del $ns" >&2
    exit 2
  fi
done

WORK="$(mktemp -d /tmp/sipddos-goodput.XXXXXX)"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
  for ns in $SRV $CLI $ATK; do ip netns del "$ns" 2>/dev/null || true; done
  if [[ -n "$LOGS" ]]; then mkdir -p "$LOGS" && cp -r "$WORK"/. "$LOGS"/; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_ns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

setup_network() {
  for ns in $SRV $CLI $ATK; do ip netns add "$ns"; in_ns "$ns" ip link set lo up; done
  in_ns $SRV ip link add br0 type bridge
  in_ns $SRV ip link set br0 up
  in_ns $SRV ip addr add $SRV_IP/24 dev br0
  local ns addr i=0
  for pair in "$CLI:$CLI_IP" "$ATK:$ATK_IP"; do
    ns="${pair%%:*}" addr="${pair##*:}"
    i=$((i + 1))
    in_ns $SRV ip link add "gp$i" type veth peer name eth0 netns "$ns"
    in_ns $SRV ip link set "gp$i" master br0 up
    in_ns "$ns" ip addr add "$addr/24" dev eth0
    in_ns "$ns" ip link set eth0 up
  done
  # Forged sources must reach the UAS: no reverse-path filter in the server's namespace. Its
  # answers to them have no route and are never sent.
  in_ns $SRV sh -c 'for f in /proc/sys/net/ipv4/conf/*/rp_filter; do echo 0 > "$f"; done'
  if in_ns $SRV ip route | grep -q default; then echo "goodput.sh: default route?" >&2; exit 1; fi
}

# Queue rules (with bypass: fail open) and the post-verdict counter.
setup_rules() {
  in_ns $SRV nft -f - <<EOF
table inet sipddos_gp {
  counter attack_delivered { }
  counter legit_delivered { }
  set banned4 { type ipv4_addr; flags timeout; }
  chain ban { type filter hook input priority -10; ip saddr @banned4 drop; }
  chain delivered {
    type filter hook input priority 10;
    udp dport 5060 ip saddr != $CLI_IP counter name attack_delivered
    udp dport 5060 ip saddr $CLI_IP counter name legit_delivered
  }
}
EOF
  if in_ns $SRV nft add table inet sipddos_q 2>/dev/null &&
     in_ns $SRV nft add chain inet sipddos_q in '{ type filter hook input priority 0; }' &&
     in_ns $SRV nft add chain inet sipddos_q out '{ type filter hook output priority 0; }' &&
     in_ns $SRV nft add rule inet sipddos_q in udp dport 5060 queue num "$QUEUE" bypass 2>/dev/null &&
     in_ns $SRV nft add rule inet sipddos_q out udp sport 5060 queue num "$QUEUE" bypass; then
    :
  else  # kernel without nft_queue (CONFIG_NFT_QUEUE): the xtables NFQUEUE target does the same
    in_ns $SRV nft delete table inet sipddos_q 2>/dev/null || true
    command -v iptables >/dev/null || { echo "goodput.sh: kernel lacks nft queue; install iptables" >&2; exit 2; }
    in_ns $SRV iptables -A INPUT -p udp --dport 5060 -j NFQUEUE --queue-num "$QUEUE" --queue-bypass
    in_ns $SRV iptables -A OUTPUT -p udp --sport 5060 -j NFQUEUE --queue-num "$QUEUE" --queue-bypass
  fi
}

counter() {  # packets of nft counter $1 in the server namespace
  in_ns $SRV nft list counter inet sipddos_gp "$1" | awk '/packets/ {print $2; exit}'
}

# Column $2 of the last line of SIPp's ';'-separated statistics file $1.
sipp_stat() {
  awk -F';' -v col="$2" 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == col) c = i}
                         END {print (c ? $c : 0) + 0}' "$1"
}

run_mode() {  # $1: none | inline
  local mode="$1" dir="$WORK/$1"
  mkdir -p "$dir"
  setup_network
  setup_rules
  # Background processes via `ip netns exec` itself (it execs them), so $! is their own pid.
  ip netns exec $SRV sipp -sn uas -i $SRV_IP -p 5060 -nostdin -trace_stat -stf "$dir/uas.csv" \
    -fd 1 >"$dir/uas.log" 2>&1 &
  local uas_pid=$!
  PIDS+=("$uas_pid")
  local sipddos_pid=""
  if [[ "$mode" == inline ]]; then
    ip netns exec $SRV "$SIPDDOS" detect --nfqueue "$QUEUE" --queue-bypass \
      --nft-set inet:sipddos_gp:banned4 --alerts "$dir/eve.json" >"$dir/sipddos.log" 2>&1 &
    sipddos_pid=$!
    PIDS+=("$sipddos_pid")
    sleep 1
    kill -0 "$sipddos_pid" 2>/dev/null || { cat "$dir/sipddos.log" >&2; exit 1; }
  fi
  local calls=$((CALLS * (DURATION + 2)))
  ip netns exec $CLI timeout $((DURATION + 60)) sipp -sn uac $SRV_IP:5060 -i $CLI_IP -p 5070 \
    -r "$CALLS" -m "$calls" -nostdin -trace_stat -stf "$dir/uac.csv" -fd 1 \
    >"$dir/uac.log" 2>&1 &
  local uac_pid=$!
  PIDS+=("$uac_pid")
  sleep 2
  "$SIPDDOS" flood --netns $ATK --target $SRV_IP:5060 --spoof random --sources 10000 \
    --rate "$RATE" --duration "$DURATION" >"$dir/flood.log" 2>&1 || {
    cat "$dir/flood.log" >&2; exit 1; }
  wait "$uac_pid" || true
  local sent attack legit ok failed created bans
  sent=$(sed -n 's/.*sent \([0-9]*\) INVITEs.*/\1/p' "$dir/flood.log" | tail -1)
  attack=$(counter attack_delivered)
  legit=$(counter legit_delivered)
  bans=$(in_ns $SRV nft list set inet sipddos_gp banned4 | { grep -o expires || true; } | wc -l)
  if [[ -n "$sipddos_pid" ]]; then
    kill -INT "$sipddos_pid" 2>/dev/null || true
    wait "$sipddos_pid" 2>/dev/null || true
  fi
  kill "$uas_pid" 2>/dev/null || true
  wait "$uas_pid" 2>/dev/null || true
  created=$(sipp_stat "$dir/uac.csv" "OutgoingCall(C)")
  ok=$(sipp_stat "$dir/uac.csv" "SuccessfulCall(C)")
  failed=$(sipp_stat "$dir/uac.csv" "FailedCall(C)")
  awk -v m="$mode" -v ok="$ok" -v c="$created" -v f="$failed" -v a="$attack" -v s="$sent" \
      -v l="$legit" -v b="$bans" 'BEGIN {
    printf "mode=%s legit_completed=%.2f%% attack_delivered=%.2f%% (calls %d/%d, failed %d; attack %d/%d INVITEs; legit packets %d; bans %d)\n",
      m, c ? 100 * ok / c : 0, s ? 100 * a / s : 0, ok, c, f, a, s, l, b }' | tee "$dir/result"
  for ns in $SRV $CLI $ATK; do ip netns del "$ns"; done
  PIDS=()
}

echo "goodput.sh: flood ${RATE}/s for ${DURATION}s (spoofed random), legitimate ${CALLS} calls/s, sipddos $SIPDDOS" >&2
run_mode none
run_mode inline
if [[ -n "$LOGS" ]]; then echo "goodput.sh: logs in $LOGS" >&2; fi
if [[ $CHECK -eq 1 ]]; then
  awk '
    /^mode=none/   { match($0, /attack_delivered=[0-9.]+/); n = substr($0, RSTART + 17, RLENGTH - 17) }
    /^mode=inline/ { match($0, /legit_completed=[0-9.]+/); l = substr($0, RSTART + 16, RLENGTH - 16)
                     match($0, /attack_delivered=[0-9.]+/); a = substr($0, RSTART + 17, RLENGTH - 17) }
    END {
      bad = 0
      if (n + 0 < 50) { print "goodput.sh: FAIL: without mitigation only " n "% of the flood was delivered"; bad = 1 }
      if (l + 0 < 99) { print "goodput.sh: FAIL: inline legit_completed " l "% < 99%"; bad = 1 }
      if (a + 0 > 1)  { print "goodput.sh: FAIL: inline attack_delivered " a "% > 1%"; bad = 1 }
      exit bad
    }' "$WORK"/none/result "$WORK"/inline/result >&2
fi

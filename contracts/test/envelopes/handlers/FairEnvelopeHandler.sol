// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Vm} from "forge-std/Vm.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IRedEnvelope} from "../../../src/envelopes/IRedEnvelope.sol";

/// Drives Fair envelopes through their whole life: bounded creates (the handler holds each seed, as the service
/// does), vouched claims, closing expired envelopes, reveals, equal settlements past the window, refunds, and the
/// passing of time and blocks. Every call it makes is one that must succeed; anything else counts in `reverts`.
/// Ghosts: what each claim paid at once (`paidAtClaim`, must stay 0), and how many EnvelopeClaimed payouts each
/// (envelope, claimer) got, read from the logs.
contract FairEnvelopeHandler is CommonBase, StdUtils {
    uint256 internal constant MAX_SHARES_PER_ENVELOPE = 6;
    uint256 internal constant MAX_TOTAL = 1_000 ether;

    IRedEnvelope internal immutable _envelopes;
    IERC20 internal immutable _coin;
    uint256 internal immutable _gatekeeperPk;
    address internal immutable _gatekeeper;
    address[] internal _creators;
    address[] internal _members;

    uint256 public reverts;
    uint256 public paidAtClaim;
    mapping(uint256 id => bytes32) public seedOf;
    mapping(uint256 id => mapping(address claimer => uint256)) public payoutsTo;
    mapping(uint256 id => uint256) public payoutSum;
    mapping(address claimer => uint256) public payoutTotalTo;
    mapping(bytes32 call => uint256) public succeeded;

    constructor(
        IRedEnvelope envelopes_,
        IERC20 coin_,
        uint256 gatekeeperPk_,
        address[] memory creators_,
        address[] memory members_
    ) {
        _envelopes = envelopes_;
        _coin = coin_;
        _gatekeeperPk = gatekeeperPk_;
        _gatekeeper = vm.addr(gatekeeperPk_);
        _creators = creators_;
        _members = members_;
    }

    function create(uint256 creatorSeed, uint256 total, uint256 shares, uint256 lifetime, bytes32 seed) external {
        address creator = _creators[creatorSeed % _creators.length];
        shares = _bound(shares, 1, MAX_SHARES_PER_ENVELOPE);
        total = _bound(total, shares * _envelopes.minShare(), MAX_TOTAL);
        lifetime = _bound(lifetime, 1, 3 days);
        vm.prank(creator);
        try _envelopes.createFair(
            _coin,
            uint128(total),
            uint32(shares),
            uint64(block.timestamp + lifetime),
            _gatekeeper,
            bytes32(0),
            keccak256(abi.encode(seed))
        ) returns (uint256 id) {
            seedOf[id] = seed;
            succeeded["create"]++;
        } catch {
            reverts++;
        }
    }

    function claim(uint256 idSeed, uint256 memberSeed) external {
        uint256 count = _envelopes.envelopeCount();
        if (count == 0) return;
        uint256 id = count - idSeed % (count < 3 ? count : 3);
        IRedEnvelope.Envelope memory e = _envelopes.envelope(id);
        if (e.sharesLeft == 0 || block.timestamp > e.expiresAt) return;
        address member = _members[memberSeed % _members.length];
        if (_envelopes.hasClaimed(id, member)) return;
        uint64 deadline = uint64(block.timestamp);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_gatekeeperPk, _envelopes.voucherDigest(id, member, deadline));
        uint256 before = _coin.balanceOf(member);
        vm.prank(member);
        try _envelopes.claim(id, deadline, abi.encodePacked(r, s, v)) returns (uint256 share) {
            paidAtClaim += share + (_coin.balanceOf(member) - before);
            succeeded["claim"]++;
        } catch {
            reverts++;
        }
    }

    function close(uint256 idSeed) external {
        uint256 id = _pick(idSeed);
        if (id == 0) return;
        IRedEnvelope.Envelope memory e = _envelopes.envelope(id);
        if (block.timestamp <= e.expiresAt || e.sharesLeft == e.shares || _envelopes.draw(id).closedAt != 0) return;
        try _envelopes.close(id) {
            succeeded["close"]++;
        } catch {
            reverts++;
        }
    }

    function reveal(uint256 idSeed) external {
        uint256 id = _pick(idSeed);
        if (id == 0) return;
        IRedEnvelope.Draw memory d = _envelopes.draw(id);
        if (d.closedAt == 0 || d.settled || block.number <= d.closedAt || block.number > d.closedAt + 256) return;
        vm.recordLogs();
        try _envelopes.reveal(id, seedOf[id]) {
            _bookPayouts(id);
            succeeded["reveal"]++;
        } catch {
            reverts++;
        }
    }

    function settleEqually(uint256 idSeed) external {
        uint256 id = _pick(idSeed);
        if (id == 0) return;
        IRedEnvelope.Draw memory d = _envelopes.draw(id);
        if (d.closedAt == 0 || d.settled || block.number <= d.closedAt + 256) return;
        vm.recordLogs();
        try _envelopes.settleEqually(id) {
            _bookPayouts(id);
            succeeded["settleEqually"]++;
        } catch {
            reverts++;
        }
    }

    function refund(uint256 idSeed) external {
        uint256 id = _pick(idSeed);
        if (id == 0) return;
        IRedEnvelope.Envelope memory e = _envelopes.envelope(id);
        if (block.timestamp <= e.expiresAt || e.remaining == 0) return;
        if (e.sharesLeft != e.shares && !_envelopes.draw(id).settled) return; // claimers are paid first
        try _envelopes.refund(id) {
            succeeded["refund"]++;
        } catch {
            reverts++;
        }
    }

    function warp(uint256 seconds_, uint256 blocks) external {
        vm.warp(block.timestamp + _bound(seconds_, 1, 2 days));
        vm.roll(block.number + _bound(blocks, 1, 300)); // past the reveal window now and then
    }

    function members() external view returns (address[] memory) {
        return _members;
    }

    function _pick(uint256 idSeed) internal view returns (uint256) {
        uint256 count = _envelopes.envelopeCount();
        return count == 0 ? 0 : 1 + idSeed % count;
    }

    function _bookPayouts(uint256 id) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] != IRedEnvelope.EnvelopeClaimed.selector) continue;
            address claimer = address(uint160(uint256(logs[i].topics[2])));
            payoutsTo[id][claimer]++;
            uint256 amount = abi.decode(logs[i].data, (uint256));
            payoutSum[id] += amount;
            payoutTotalTo[claimer] += amount;
        }
    }
}

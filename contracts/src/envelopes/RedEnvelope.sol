// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IRedEnvelope} from "./IRedEnvelope.sol";

/// @title RedEnvelope
/// @notice Red envelopes dropped in a chat: locked ERC-20 amounts split into shares that vouched-for members
/// claim, one share per address, until the envelope is empty or expires.
/// @dev Security: coins leave only through `claim` (one share per address per envelope, to the claimer, while
/// the envelope lives, against an EIP-712 voucher of that envelope's gatekeeper) and `refund` (the whole
/// remainder, to the creator, after expiry). Nobody else can move locked coins: the owner (the governance
/// timelock) only sets `maxShares` and `minShare` for envelopes created later. Trusted per envelope: its
/// gatekeeper decides who may claim; a leaked gatekeeper key lets its holder claim that gatekeeper's open
/// envelopes with many addresses, and nothing more. Trusted globally: the ERC-2771 forwarder, which may act
/// for any sender (OZ's ERC2771Forwarder only does so for requests the sender signed). Random shares can be
/// biased by claimers and block proposers (see `_drawShare`): fine for fun-sized envelopes, not for prizes.
/// Fair envelopes cannot be: their claims pay nothing and only take a position; `reveal` (whoever holds the
/// committed seed) or, 256 blocks after closing, `settleEqually` (anyone) pays the claimers, each once, from the
/// envelope's own remainder. Trusted per Fair envelope: its revealer keeps the seed secret until the envelope closes
/// (see contracts/docs/fair-envelopes.md).
/// Tokens must be plain ERC-20s: fee-on-transfer tokens are refused at creation; rebasing tokens are not
/// supported (a negative rebase can leave the last claims unpaid). Every state-changing entry point is
/// `nonReentrant` and follows checks-effects-interactions.
contract RedEnvelope is IRedEnvelope, EIP712, ERC2771Context, Ownable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice How far ahead an envelope may expire, counted from its creation.
    uint64 public constant MAX_LIFETIME = 30 days;
    /// @notice The most shares a Fair envelope may have, whatever `maxShares` says: its reveal (or equal settlement)
    /// pays every claimer in one transaction, which must get into one block within the 256-block reveal window. At
    /// this cap it measures about 17.5M gas (`reveal_500` in snapshots/RedEnvelope.json, fresh claimers), within a 30M
    /// block; 1,000 shares would need ~35M, more than a block.
    uint32 public constant MAX_FAIR_SHARES = 500;

    /// @dev EIP-712 type of the gatekeeper's voucher.
    bytes32 private constant CLAIM_VOUCHER_TYPEHASH =
        keccak256("ClaimVoucher(uint256 envelopeId,address claimer,uint64 deadline)");

    // One slot of their own (the count first, or the limits would share Ownable's slot): `create` reads all
    // three and writes the count.
    uint128 private _envelopeCount;
    uint32 private _maxShares;
    uint96 private _minShare;

    // Four slots per envelope, the fewest its 121 bytes fit in (see the field order of `Envelope`).
    mapping(uint256 id => Envelope) private _envelopes;
    mapping(uint256 id => mapping(address claimer => bool)) private _claimed;
    mapping(uint256 id => Draw) private _draws;
    mapping(uint256 id => mapping(uint32 position => address claimer)) private _claimers;

    /// @dev blockhash is readable for the 256 most recent blocks (EVM).
    uint64 private constant REVEAL_WINDOW = 256;

    /// @param owner_ The governance timelock: the only account that may change the parameters.
    /// @param forwarder The trusted ERC-2771 forwarder that relays gasless requests.
    /// @param maxShares_ The largest number of shares an envelope may have (at least 1).
    /// @param minShare_ The smallest share, in base units (at least 1).
    constructor(address owner_, address forwarder, uint32 maxShares_, uint96 minShare_)
        EIP712("RedEnvelope", "1")
        ERC2771Context(forwarder)
        Ownable(owner_)
    {
        _setMaxShares(maxShares_);
        _setMinShare(minShare_);
    }

    /// @inheritdoc IRedEnvelope
    function create(
        IERC20 token,
        uint128 total,
        uint32 shares,
        SplitMode mode,
        uint64 expiresAt,
        address gatekeeper,
        bytes32 chatRef
    ) external nonReentrant returns (uint256 id) {
        if (mode == SplitMode.Fair) revert RedEnvelopeSeedHashRequired();
        id = _create(_msgSender(), token, total, shares, mode, expiresAt, gatekeeper, chatRef);
    }

    /// @inheritdoc IRedEnvelope
    function createWithPermit(
        IERC20 token,
        uint128 total,
        uint32 shares,
        SplitMode mode,
        uint64 expiresAt,
        address gatekeeper,
        bytes32 chatRef,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 id) {
        address creator = _msgSender();
        // A permit front-run by someone else has already set the allowance; the pull in `_create` still checks it.
        if (mode == SplitMode.Fair) revert RedEnvelopeSeedHashRequired();
        try IERC20Permit(address(token)).permit(creator, address(this), total, permitDeadline, v, r, s) {} catch {}
        id = _create(creator, token, total, shares, mode, expiresAt, gatekeeper, chatRef);
    }

    /// @inheritdoc IRedEnvelope
    function createFair(
        IERC20 token,
        uint128 total,
        uint32 shares,
        uint64 expiresAt,
        address gatekeeper,
        bytes32 chatRef,
        bytes32 seedHash
    ) external nonReentrant returns (uint256 id) {
        id = _createFair(_msgSender(), token, total, shares, expiresAt, gatekeeper, chatRef, seedHash);
    }

    /// @inheritdoc IRedEnvelope
    function createFairWithPermit(
        IERC20 token,
        uint128 total,
        uint32 shares,
        uint64 expiresAt,
        address gatekeeper,
        bytes32 chatRef,
        bytes32 seedHash,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 id) {
        address creator = _msgSender();
        // A permit front-run by someone else has already set the allowance; the pull in `_create` still checks it.
        try IERC20Permit(address(token)).permit(creator, address(this), total, permitDeadline, v, r, s) {} catch {}
        id = _createFair(creator, token, total, shares, expiresAt, gatekeeper, chatRef, seedHash);
    }

    /// @inheritdoc IRedEnvelope
    function claim(uint256 id, uint64 deadline, bytes calldata voucher) external nonReentrant returns (uint256 share) {
        Envelope storage e = _envelopes[id];
        address claimer = _msgSender(); // ERC-2771: the signer of a relayed request, not the relayer
        uint32 sharesLeft = e.sharesLeft;
        if (sharesLeft == 0) {
            if (e.creator == address(0)) revert RedEnvelopeNotFound(id);
            revert RedEnvelopeEmpty(id);
        }
        uint64 expiresAt = e.expiresAt;
        if (block.timestamp > expiresAt) revert RedEnvelopeExpired(id, expiresAt);
        if (_claimed[id][claimer]) revert RedEnvelopeAlreadyClaimed(id, claimer);
        _requireVoucher(e.gatekeeper, id, claimer, deadline, voucher); // EIP-712: the chat vouches for membership

        if (e.mode == SplitMode.Fair) return _takePosition(e, id, claimer, sharesLeft);

        uint112 remaining = e.remaining;
        if (sharesLeft == 1) {
            share = remaining; // the last share takes the rest
        } else if (e.mode == SplitMode.Equal) {
            share = e.total / e.shares;
        } else {
            share = _drawShare(id, claimer, remaining, sharesLeft, e.minShare);
        }
        _claimed[id][claimer] = true;
        unchecked {
            // Cannot underflow: share <= remaining (see the branches above), which also makes the cast lossless;
            // sharesLeft > 0 was checked above.
            // forge-lint: disable-next-line(unsafe-typecast)
            e.remaining = remaining - uint112(share);
            e.sharesLeft = sharesLeft - 1;
        }
        emit EnvelopeClaimed(id, claimer, share);
        e.token.safeTransfer(claimer, share); // interaction last
    }

    /// @inheritdoc IRedEnvelope
    function close(uint256 id) external {
        Envelope storage e = _envelopes[id];
        if (e.creator == address(0)) revert RedEnvelopeNotFound(id);
        if (e.mode != SplitMode.Fair) revert RedEnvelopeNotFair(id);
        // Expired, with claims, not closed yet: a full envelope was closed by its last claim.
        if (block.timestamp <= e.expiresAt || e.sharesLeft == e.shares || _draws[id].closedAt != 0) {
            revert RedEnvelopeNotClosable(id);
        }
        _close(id);
    }

    /// @inheritdoc IRedEnvelope
    function reveal(uint256 id, bytes32 seed) external nonReentrant {
        Envelope storage e = _envelopes[id];
        Draw storage d = _requireUnsettled(e, id);
        if (keccak256(abi.encode(seed)) != d.seedHash) revert RedEnvelopeWrongSeed(id, d.seedHash);
        uint64 closedAt = d.closedAt;
        if (block.number <= closedAt) revert RedEnvelopeRevealTooEarly(id, closedAt);
        bytes32 entropy = blockhash(closedAt);
        if (entropy == bytes32(0)) revert RedEnvelopeRevealWindowOver(id, closedAt + REVEAL_WINDOW);
        // The seed was secret until now and the closing block's hash did not exist while anyone claimed, so no
        // claimer, relayer or block builder could know which position pays what (docs/fair-envelopes.md).
        bytes32 randomness = keccak256(abi.encode(seed, entropy, id));
        d.randomness = randomness;
        emit EnvelopeRevealed(id, seed, entropy, randomness);
        _payOut(e, id, d, _fairShares(randomness, e.total, e.shares, e.minShare));
    }

    /// @inheritdoc IRedEnvelope
    function settleEqually(uint256 id) external nonReentrant {
        Envelope storage e = _envelopes[id];
        Draw storage d = _requireUnsettled(e, id);
        uint64 lastBlock = d.closedAt + REVEAL_WINDOW;
        if (block.number <= lastBlock) revert RedEnvelopeRevealWindowOpen(id, lastBlock);
        uint256 shares = e.shares;
        uint256 share = e.total / shares;
        uint256[] memory amounts = new uint256[](shares);
        for (uint256 i = 0; i < shares; ++i) {
            amounts[i] = share;
        }
        amounts[shares - 1] = e.total - share * (shares - 1); // the last share takes the rest, as in Equal
        emit EnvelopeSettledEqually(id, share);
        _payOut(e, id, d, amounts);
    }

    /// @inheritdoc IRedEnvelope
    function refund(uint256 id) external nonReentrant returns (uint256 amount) {
        Envelope storage e = _envelopes[id];
        address creator = e.creator;
        if (creator == address(0)) revert RedEnvelopeNotFound(id);
        uint64 expiresAt = e.expiresAt;
        if (block.timestamp <= expiresAt) revert RedEnvelopeNotExpired(id, expiresAt);
        // A Fair envelope's remainder includes the claimers' unpaid shares until the reveal pays them.
        if (e.mode == SplitMode.Fair && e.sharesLeft != e.shares && !_draws[id].settled) revert RedEnvelopeNotSettled(id);
        amount = e.remaining;
        if (amount == 0) revert RedEnvelopeNothingToRefund(id);
        e.remaining = 0; // sharesLeft keeps the number of shares nobody claimed
        emit EnvelopeRefunded(id, creator, amount);
        e.token.safeTransfer(creator, amount); // interaction last
    }

    /// @inheritdoc IRedEnvelope
    function setMaxShares(uint32 maxShares_) external onlyOwner {
        _setMaxShares(maxShares_);
    }

    /// @inheritdoc IRedEnvelope
    function setMinShare(uint96 minShare_) external onlyOwner {
        _setMinShare(minShare_);
    }

    /// @inheritdoc IRedEnvelope
    function envelope(uint256 id) external view returns (Envelope memory) {
        return _envelopes[id];
    }

    /// @inheritdoc IRedEnvelope
    function draw(uint256 id) external view returns (Draw memory) {
        return _draws[id];
    }

    /// @inheritdoc IRedEnvelope
    function claimerAt(uint256 id, uint32 position) external view returns (address) {
        return _claimers[id][position];
    }

    /// @inheritdoc IRedEnvelope
    function fairShares(bytes32 randomness, uint256 total, uint32 shares, uint96 minShare_)
        external
        pure
        returns (uint256[] memory amounts)
    {
        return _fairShares(randomness, total, shares, minShare_);
    }

    /// @inheritdoc IRedEnvelope
    function hasClaimed(uint256 id, address claimer) external view returns (bool) {
        return _claimed[id][claimer];
    }

    /// @inheritdoc IRedEnvelope
    function voucherDigest(uint256 id, address claimer, uint64 deadline) external view returns (bytes32) {
        return _voucherDigest(id, claimer, deadline);
    }

    /// @inheritdoc IRedEnvelope
    function maxShares() external view returns (uint32) {
        return _maxShares;
    }

    /// @inheritdoc IRedEnvelope
    function minShare() external view returns (uint96) {
        return _minShare;
    }

    /// @inheritdoc IRedEnvelope
    function envelopeCount() external view returns (uint256) {
        return _envelopeCount;
    }

    function _create(
        address creator,
        IERC20 token,
        uint128 total,
        uint32 shares,
        SplitMode mode,
        uint64 expiresAt,
        address gatekeeper,
        bytes32 chatRef
    ) private returns (uint256 id) {
        uint96 minShare_ = _checkCreate(total, shares, expiresAt, gatekeeper);
        unchecked {
            // Cannot overflow: 2^128 envelopes cannot be created.
            id = ++_envelopeCount;
        }
        _envelopes[id] = Envelope({
            creator: creator,
            expiresAt: expiresAt,
            shares: shares,
            mode: mode,
            token: token,
            gatekeeper: gatekeeper,
            minShare: minShare_, // snapshotted: later governance changes do not touch open envelopes
            // forge-lint: disable-next-line(unsafe-typecast)
            total: uint112(total), // checked above: total <= 2^112 - 1
            // forge-lint: disable-next-line(unsafe-typecast)
            remaining: uint112(total),
            sharesLeft: shares
        });
        emit EnvelopeCreated(id, creator, token, total, shares, mode, expiresAt, gatekeeper, chatRef);
        _pull(token, creator, total); // interaction last; reverts the whole creation if the token takes a fee
    }

    function _createFair(
        address creator,
        IERC20 token,
        uint128 total,
        uint32 shares,
        uint64 expiresAt,
        address gatekeeper,
        bytes32 chatRef,
        bytes32 seedHash
    ) private returns (uint256 id) {
        if (seedHash == bytes32(0)) revert RedEnvelopeSeedHashRequired();
        if (shares > MAX_FAIR_SHARES) revert RedEnvelopeTooManyShares(shares, MAX_FAIR_SHARES);
        id = _envelopeCount + 1; // the id `_create` assigns; the commitment is stored before its interaction
        _draws[id].seedHash = seedHash;
        emit EnvelopeSeedCommitted(id, seedHash);
        _create(creator, token, total, shares, SplitMode.Fair, expiresAt, gatekeeper, chatRef);
    }

    /// @dev A Fair claim: the next position, nothing paid yet. The last one closes the envelope.
    function _takePosition(Envelope storage e, uint256 id, address claimer, uint32 sharesLeft)
        private
        returns (uint256)
    {
        uint32 position;
        unchecked {
            // Cannot underflow: 0 < sharesLeft <= shares.
            position = e.shares - sharesLeft;
            e.sharesLeft = sharesLeft - 1;
        }
        _claimed[id][claimer] = true;
        _claimers[id][position] = claimer;
        emit EnvelopePositionTaken(id, claimer, position);
        if (sharesLeft == 1) _close(id);
        return 0;
    }

    function _close(uint256 id) private {
        uint64 closedAt = uint64(block.number);
        _draws[id].closedAt = closedAt;
        emit EnvelopeClosed(id, closedAt);
    }

    function _requireUnsettled(Envelope storage e, uint256 id) private view returns (Draw storage d) {
        if (e.creator == address(0)) revert RedEnvelopeNotFound(id);
        if (e.mode != SplitMode.Fair) revert RedEnvelopeNotFair(id);
        d = _draws[id];
        if (d.closedAt == 0) revert RedEnvelopeNotClosed(id);
        if (d.settled) revert RedEnvelopeAlreadySettled(id);
    }

    /// @dev Pays each claimed position its amount, once: `settled` and the books first, then the transfers.
    function _payOut(Envelope storage e, uint256 id, Draw storage d, uint256[] memory amounts) private {
        d.settled = true;
        uint32 claims = e.shares - e.sharesLeft;
        address[] memory claimers = new address[](claims);
        uint256 paid;
        for (uint32 position = 0; position < claims; ++position) {
            address claimer = _claimers[id][position];
            claimers[position] = claimer;
            paid += amounts[position];
            emit EnvelopeClaimed(id, claimer, amounts[position]);
        }
        // forge-lint: disable-next-line(unsafe-typecast)
        e.remaining -= uint112(paid); // checked: the amounts of all positions sum to the total
        IERC20 token = e.token;
        for (uint256 i = 0; i < claims; ++i) {
            token.safeTransfer(claimers[i], amounts[i]); // interactions last
        }
    }

    /// @dev WeChat draws in order, then a Fisher-Yates shuffle over the positions: every position's amount has the
    /// same distribution, so no position is worth choosing (see `IRedEnvelope.fairShares` for the exact recipe).
    function _fairShares(bytes32 randomness, uint256 total, uint32 shares, uint96 minShare_)
        private
        pure
        returns (uint256[] memory amounts)
    {
        amounts = new uint256[](shares);
        uint256 remaining = total;
        for (uint256 i = 0; i < shares; ++i) {
            uint256 left = shares - i;
            uint256 amount = left == 1
                ? remaining
                : _wechat(uint256(keccak256(abi.encode(randomness, 0, i))), remaining, left, minShare_);
            amounts[i] = amount;
            remaining -= amount;
        }
        for (uint256 i = shares; i > 1; --i) {
            uint256 j = uint256(keccak256(abi.encode(randomness, 1, i - 1))) % i;
            (amounts[i - 1], amounts[j]) = (amounts[j], amounts[i - 1]);
        }
    }

    /// @dev Checks the parameters of a new envelope and returns the minimum share to snapshot into it.
    function _checkCreate(uint128 total, uint32 shares, uint64 expiresAt, address gatekeeper)
        private
        view
        returns (uint96 minShare_)
    {
        if (shares == 0) revert RedEnvelopeZeroShares();
        uint32 maxShares_ = _maxShares;
        if (shares > maxShares_) revert RedEnvelopeTooManyShares(shares, maxShares_);
        minShare_ = _minShare;
        uint256 minimum = uint256(shares) * minShare_; // at most 2^128: a uint32 times a uint96
        if (total < minimum) revert RedEnvelopeTotalBelowMinimum(total, minimum);
        if (total > type(uint112).max) revert RedEnvelopeTotalTooLarge(total, type(uint112).max);
        if (expiresAt <= block.timestamp) revert RedEnvelopeExpiryInPast(expiresAt, block.timestamp);
        uint256 latest = block.timestamp + MAX_LIFETIME;
        if (expiresAt > latest) revert RedEnvelopeExpiryTooFar(expiresAt, latest);
        if (gatekeeper == address(0)) revert RedEnvelopeZeroGatekeeper();
    }

    /// @dev Pulls `total` from `from` and refuses tokens that deliver less (fee-on-transfer) or more than asked,
    /// so that the books (`remaining`) always match what the contract holds.
    function _pull(IERC20 token, address from, uint128 total) private {
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), total);
        uint256 balanceAfter = token.balanceOf(address(this));
        uint256 received = balanceAfter > balanceBefore ? balanceAfter - balanceBefore : 0;
        if (received != total) revert RedEnvelopeUnsupportedToken(token, total, received);
    }

    /// @dev Draws a Random share by the WeChat rule: uniform in [minShare, 2 * remaining / sharesLeft], capped so
    /// that each of the `sharesLeft - 1` later shares can still get `minShare`. Callers handle the last share.
    ///
    /// Randomness: keccak256(prevrandao, id, claimer, sharesLeft). It is public before the claim is sent, so a
    /// claimer can predict their share and choose when to claim (or sybil addresses to pick the largest draw,
    /// as far as the gatekeeper vouches for them), and a block proposer can choose which block includes a claim
    /// or skip a slot. Any bias stays within the envelope (shares still sum to the total) and is worth at most
    /// the envelope itself: fine for fun-sized chat envelopes; use a VRF for anything worth gaming.
    function _drawShare(uint256 id, address claimer, uint256 remaining, uint256 sharesLeft, uint256 minShare_)
        private
        view
        returns (uint256)
    {
        uint256 random = uint256(keccak256(abi.encode(block.prevrandao, id, claimer, sharesLeft)));
        return _wechat(random, remaining, sharesLeft, minShare_);
    }

    /// @dev The WeChat rule: `random` mapped into [minShare, min(2 * remaining / sharesLeft, remaining - (sharesLeft -
    /// 1) * minShare)]. Needs sharesLeft >= 2 and remaining >= sharesLeft * minShare_.
    function _wechat(uint256 random, uint256 remaining, uint256 sharesLeft, uint256 minShare_)
        private
        pure
        returns (uint256)
    {
        unchecked {
            // Cannot overflow: remaining < 2^128, sharesLeft < 2^32 and minShare_ < 2^96. Cannot underflow:
            // remaining >= sharesLeft * minShare_ for every open envelope (checked by `create`, kept by each draw),
            // so reserve >= minShare_ and max >= 2 * minShare_ >= minShare_.
            uint256 max = 2 * remaining / sharesLeft;
            uint256 reserve = remaining - (sharesLeft - 1) * minShare_;
            if (max > reserve) max = reserve;
            return minShare_ + random % (max - minShare_ + 1);
        }
    }

    function _requireVoucher(address gatekeeper, uint256 id, address claimer, uint64 deadline, bytes calldata voucher)
        private
        view
    {
        if (block.timestamp > deadline) revert RedEnvelopeVoucherExpired(deadline);
        bytes32 digest = _voucherDigest(id, claimer, deadline);
        // SignatureChecker's two checks, ECDSA first: the service's EOA key is the common gatekeeper, and trying
        // its signature before looking at the gatekeeper's code saves a cold account access (2,600 gas). Nobody
        // holds a key for a contract's address, so a contract gatekeeper still passes only through ERC-1271.
        // ECDSA refuses malleable (high s) signatures; a replayed voucher meets the one-claim-per-address rule anyway.
        (address signer, ECDSA.RecoverError recoverError,) = ECDSA.tryRecoverCalldata(digest, voucher);
        if (recoverError == ECDSA.RecoverError.NoError && signer == gatekeeper) return;
        if (!SignatureChecker.isValidERC1271SignatureNowCalldata(gatekeeper, digest, voucher)) {
            revert RedEnvelopeInvalidVoucher(id, claimer);
        }
    }

    /// @dev EIP-712: the domain (name, version, chain id, this contract) stops a voucher from working elsewhere.
    function _voucherDigest(uint256 id, address claimer, uint64 deadline) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CLAIM_VOUCHER_TYPEHASH, id, claimer, deadline)));
    }

    function _setMaxShares(uint32 maxShares_) private {
        if (maxShares_ == 0) revert RedEnvelopeInvalidParameter();
        emit MaxSharesChanged(_maxShares, maxShares_);
        _maxShares = maxShares_;
    }

    function _setMinShare(uint96 minShare_) private {
        if (minShare_ == 0) revert RedEnvelopeInvalidParameter();
        emit MinShareChanged(_minShare, minShare_);
        _minShare = minShare_;
    }

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}

// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IRedEnvelope
/// @notice Red envelopes dropped in a chat: a creator locks an amount split into shares, and members the chat
/// service vouches for claim one share each until the envelope is empty or expires; the rest then goes back
/// to the creator.
/// @dev Vouchers are EIP-712 signatures of the envelope's gatekeeper over
/// `ClaimVoucher(uint256 envelopeId,address claimer,uint64 deadline)` in the domain name "RedEnvelope",
/// version "1", the chain id and the envelope contract; `voucherDigest` returns the digest to sign.
interface IRedEnvelope {
    /// @notice How an envelope's total is split between its shares.
    /// @dev Random: each share uniform in [minShare, 2 * remaining / sharesLeft], capped so every later share can
    /// still get minShare (the WeChat rule), drawn at the claim (steerable: see `claim`); Equal: total / shares each.
    /// In both, the last share takes the rest. Fair: the WeChat shares are drawn and shuffled over the claim
    /// positions only after the last claim, from a seed committed at creation and the hash of the closing block,
    /// and paid when the seed is revealed (see `createFair`, `reveal`, contracts/docs/fair-envelopes.md).
    enum SplitMode {
        Random,
        Equal,
        Fair
    }

    /// @notice The commit-reveal state of a Fair envelope.
    /// @param seedHash keccak256(abi.encode(seed)), committed at creation by whoever holds the seed (the service).
    /// @param randomness keccak256(abi.encode(seed, blockhash(closedAt), id)) once revealed, else zero.
    /// @param closedAt The block that closed the claims (the last share's claim, or `close` after expiry); its hash
    /// is the entropy nobody knew while claiming. Zero while claims are open.
    /// @param settled Whether the claimers were paid (by `reveal`, or equally by `settleEqually`).
    struct Draw {
        bytes32 seedHash;
        bytes32 randomness;
        uint64 closedAt;
        bool settled;
    }

    /// @notice An envelope as stored.
    /// @param creator Who locked the coins; receives the refund.
    /// @param expiresAt Unix time after which no claim is accepted and the remainder can be refunded.
    /// @param shares How many shares the envelope was created with.
    /// @param sharesLeft How many shares are still unclaimed (a refund leaves it as it was).
    /// @param mode Random (WeChat rule) or Equal.
    /// @param token The ERC-20 locked in the envelope.
    /// @param gatekeeper Whose EIP-712 vouchers admit claimers (the chat service, or an ERC-1271 contract).
    /// @param minShare The smallest share, fixed at creation.
    /// @param total What was locked at creation.
    /// @param remaining What is still locked (zero once refunded).
    /// @dev Storage order: `remaining` and `sharesLeft` share the last slot, so a claim writes one slot, not two
    /// (2,900 gas); totals are limited to 2^112 base units for that (5 * 10^15 coins of 18 decimals).
    struct Envelope {
        address creator;
        uint64 expiresAt;
        uint32 shares;
        SplitMode mode;
        IERC20 token;
        address gatekeeper;
        uint96 minShare;
        uint112 total;
        uint112 remaining;
        uint32 sharesLeft;
    }

    /// @notice An envelope was created and its total locked.
    event EnvelopeCreated(
        uint256 indexed id,
        address indexed creator,
        IERC20 indexed token,
        uint128 total,
        uint32 shares,
        SplitMode mode,
        uint64 expiresAt,
        address gatekeeper,
        bytes32 chatRef
    );
    /// @notice A member was paid a share (at the claim for Random and Equal; at the reveal or the equal
    /// settlement for Fair).
    event EnvelopeClaimed(uint256 indexed id, address indexed claimer, uint256 amount);
    /// @notice A Fair envelope was created with this seed commitment.
    event EnvelopeSeedCommitted(uint256 indexed id, bytes32 seedHash);
    /// @notice A member claimed a Fair envelope's share at `position` (counting from 0); paid at the reveal.
    event EnvelopePositionTaken(uint256 indexed id, address indexed claimer, uint32 position);
    /// @notice A Fair envelope stopped taking claims at block `closedAt`, whose hash is the draw's entropy.
    event EnvelopeClosed(uint256 indexed id, uint64 closedAt);
    /// @notice A Fair envelope's seed was revealed: its shares are `fairShares(randomness, total, shares, minShare)`.
    event EnvelopeRevealed(uint256 indexed id, bytes32 seed, bytes32 entropy, bytes32 randomness);
    /// @notice A Fair envelope's seed was not revealed in time: every claimer was paid `share` (the last share the rest).
    event EnvelopeSettledEqually(uint256 indexed id, uint256 share);
    /// @notice The unclaimed remainder of an expired envelope went back to its creator.
    event EnvelopeRefunded(uint256 indexed id, address indexed creator, uint256 amount);
    /// @notice Governance changed the largest number of shares an envelope may have.
    event MaxSharesChanged(uint32 previous, uint32 current);
    /// @notice Governance changed the smallest share of envelopes created from now on.
    event MinShareChanged(uint96 previous, uint96 current);

    /// @notice No envelope has this id.
    error RedEnvelopeNotFound(uint256 id);
    /// @notice An envelope needs at least one share.
    error RedEnvelopeZeroShares();
    /// @notice More shares than governance allows.
    error RedEnvelopeTooManyShares(uint32 shares, uint32 maxShares);
    /// @notice The total cannot give every share the minimum share (`minimum = shares * minShare()`).
    error RedEnvelopeTotalBelowMinimum(uint256 total, uint256 minimum);
    /// @notice The expiry is not after the current block's timestamp `now_`.
    error RedEnvelopeExpiryInPast(uint64 expiresAt, uint256 now_);
    /// @notice The expiry is more than 30 days ahead; `latest` is the last accepted value.
    error RedEnvelopeExpiryTooFar(uint64 expiresAt, uint256 latest);
    /// @notice An envelope needs a gatekeeper, or nobody could ever claim it.
    error RedEnvelopeZeroGatekeeper();
    /// @notice The token delivered `received` instead of `expected` (fee-on-transfer or otherwise non-standard).
    error RedEnvelopeUnsupportedToken(IERC20 token, uint256 expected, uint256 received);
    /// @notice Every share of the envelope has been claimed.
    error RedEnvelopeEmpty(uint256 id);
    /// @notice The envelope expired: no more claims.
    error RedEnvelopeExpired(uint256 id, uint64 expiresAt);
    /// @notice The envelope has not expired yet: no refund before `expiresAt` has passed.
    error RedEnvelopeNotExpired(uint256 id, uint64 expiresAt);
    /// @notice This address already claimed a share of this envelope.
    error RedEnvelopeAlreadyClaimed(uint256 id, address claimer);
    /// @notice The voucher's deadline has passed.
    error RedEnvelopeVoucherExpired(uint64 deadline);
    /// @notice The voucher is not the gatekeeper's signature for this envelope, claimer and deadline.
    error RedEnvelopeInvalidVoucher(uint256 id, address claimer);
    /// @notice Nothing is left to refund: every share was claimed, or the envelope was already refunded.
    error RedEnvelopeNothingToRefund(uint256 id);
    /// @notice A parameter was set to zero (maxShares and minShare must be at least 1).
    error RedEnvelopeInvalidParameter();
    /// @notice The total is above 2^112 - 1 base units, the most an envelope holds.
    error RedEnvelopeTotalTooLarge(uint256 total, uint256 maxTotal);
    /// @notice A Fair envelope needs a seed commitment: create it with `createFair`.
    error RedEnvelopeSeedHashRequired();
    /// @notice The envelope is not a Fair envelope.
    error RedEnvelopeNotFair(uint256 id);
    /// @notice The Fair envelope still takes claims (shares left and not expired), or was already closed.
    error RedEnvelopeNotClosable(uint256 id);
    /// @notice The Fair envelope has not been closed yet: no draw before the claims end.
    error RedEnvelopeNotClosed(uint256 id);
    /// @notice The Fair envelope's claimers were already paid.
    error RedEnvelopeAlreadySettled(uint256 id);
    /// @notice The Fair envelope's claimers have not been paid yet: no refund before the reveal or equal settlement.
    error RedEnvelopeNotSettled(uint256 id);
    /// @notice keccak256(abi.encode(seed)) is not the commitment `seedHash`.
    error RedEnvelopeWrongSeed(uint256 id, bytes32 seedHash);
    /// @notice The closing block `closedAt` has no hash yet: reveal from the next block on.
    error RedEnvelopeRevealTooEarly(uint256 id, uint64 closedAt);
    /// @notice The closing block's hash is gone (more than 256 blocks ago, after block `lastBlock`): settle equally.
    error RedEnvelopeRevealWindowOver(uint256 id, uint64 lastBlock);
    /// @notice The seed may still be revealed until block `lastBlock`: no equal settlement before.
    error RedEnvelopeRevealWindowOpen(uint256 id, uint64 lastBlock);

    /// @notice Locks `total` of `token` (pulled with an allowance) in a new envelope of `shares` shares.
    /// @param token The ERC-20 to lock; fee-on-transfer tokens are refused.
    /// @param total The amount to lock, in base units; at least `shares * minShare()`.
    /// @param shares The number of shares, from 1 to `maxShares()`.
    /// @param mode Random (WeChat rule) or Equal.
    /// @param expiresAt Unix time after which claims stop and the remainder can be refunded; at most 30 days ahead.
    /// @param gatekeeper Whose EIP-712 vouchers admit claimers.
    /// @param chatRef An opaque reference to the chat message that carries the envelope (only in the event).
    /// @return id The new envelope's id, counting from 1.
    function create(
        IERC20 token,
        uint128 total,
        uint32 shares,
        SplitMode mode,
        uint64 expiresAt,
        address gatekeeper,
        bytes32 chatRef
    ) external returns (uint256 id);

    /// @notice As `create`, with an EIP-2612 permit of the creator instead of a prior approval.
    /// @dev A permit already used (front-run) is tolerated when the allowance is there anyway.
    /// @param permitDeadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    /// @return id The new envelope's id.
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
    ) external returns (uint256 id);

    /// @notice Locks `total` of `token` in a new Fair envelope: as `create` with the mode Fair, and the commitment
    /// `seedHash = keccak256(abi.encode(seed))` of a seed that only its revealer (the service) knows.
    /// @param seedHash The commitment; not zero.
    /// @return id The new envelope's id.
    function createFair(
        IERC20 token,
        uint128 total,
        uint32 shares,
        uint64 expiresAt,
        address gatekeeper,
        bytes32 chatRef,
        bytes32 seedHash
    ) external returns (uint256 id);

    /// @notice As `createFair`, with an EIP-2612 permit of the creator instead of a prior approval.
    /// @param permitDeadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    /// @return id The new envelope's id.
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
    ) external returns (uint256 id);

    /// @notice Claims one share of envelope `id` for the caller (or the ERC-2771 signer of a relayed call).
    /// @dev Claims are accepted up to and including `expiresAt`; one per address. Random shares are drawn from
    /// keccak256(prevrandao, id, claimer, sharesLeft), which claimers and block proposers can bias by choosing
    /// when (and with which vouched address) to claim: fine for fun-sized envelopes, not for prizes worth gaming.
    /// A Fair claim takes the next position, pays nothing and returns 0: its amount is drawn at `reveal`; the last
    /// share's claim closes the envelope.
    /// @param id The envelope.
    /// @param deadline The voucher's deadline (Unix time).
    /// @param voucher The gatekeeper's EIP-712 signature of ClaimVoucher(envelopeId, claimer, deadline): 65 bytes
    /// from an EOA gatekeeper, or whatever its ERC-1271 `isValidSignature` accepts for a contract gatekeeper.
    /// @return share The amount paid to the claimer.
    function claim(uint256 id, uint64 deadline, bytes calldata voucher) external returns (uint256 share);

    /// @notice Closes an expired Fair envelope that has claims, so that the hash of this block becomes the
    /// draw's entropy; anyone may call it.
    /// @param id The envelope.
    function close(uint256 id) external;

    /// @notice Reveals a closed Fair envelope's seed and pays every claimer the share of its position:
    /// `fairShares(keccak256(abi.encode(seed, blockhash(closedAt), id)), total, shares, minShare)[position]`.
    /// Anyone holding the seed may call it, from the block after `closedAt` for 256 blocks.
    /// @param id The envelope.
    /// @param seed The seed whose keccak256(abi.encode(seed)) was committed at creation.
    function reveal(uint256 id, bytes32 seed) external;

    /// @notice The fallback when the seed was not revealed within 256 blocks of closing: pays every claimer
    /// total / shares (the last share, if claimed, the rest); anyone may call it.
    /// @param id The envelope.
    function settleEqually(uint256 id) external;

    /// @notice Returns the unclaimed remainder of an expired envelope to its creator; anyone may call it
    /// once the block timestamp is past `expiresAt` (for a Fair envelope with claims, once they were paid).
    /// @param id The envelope.
    /// @return amount The amount refunded.
    function refund(uint256 id) external returns (uint256 amount);

    /// @notice Sets the largest number of shares of envelopes created from now on; only governance.
    /// @param maxShares_ The new limit, at least 1.
    function setMaxShares(uint32 maxShares_) external;

    /// @notice Sets the smallest share of envelopes created from now on; only governance. Open envelopes keep
    /// the minimum share they were created with.
    /// @param minShare_ The new minimum, in base units, at least 1.
    function setMinShare(uint96 minShare_) external;

    /// @notice The envelope `id` as stored (all zero when it does not exist).
    function envelope(uint256 id) external view returns (Envelope memory);

    /// @notice The commit-reveal state of Fair envelope `id` (all zero for other envelopes).
    function draw(uint256 id) external view returns (Draw memory);

    /// @notice Who claimed Fair envelope `id` at `position` (zero when nobody has).
    function claimerAt(uint256 id, uint32 position) external view returns (address);

    /// @notice The amounts of a Fair envelope by claim position, for anyone to check a reveal against the
    /// EnvelopeClaimed logs: `shares` WeChat draws (share i from keccak256(abi.encode(randomness, 0, i)), each in
    /// [minShare, 2 * remaining / sharesLeft] capped so every later share keeps minShare, the last the rest),
    /// then a Fisher-Yates shuffle (for i from shares - 1 down to 1, swap i with
    /// keccak256(abi.encode(randomness, 1, i)) % (i + 1)).
    function fairShares(bytes32 randomness, uint256 total, uint32 shares, uint96 minShare_)
        external
        pure
        returns (uint256[] memory amounts);

    /// @notice Whether `claimer` has claimed from envelope `id`.
    function hasClaimed(uint256 id, address claimer) external view returns (bool);

    /// @notice The EIP-712 digest a gatekeeper signs to let `claimer` claim from envelope `id` until `deadline`.
    function voucherDigest(uint256 id, address claimer, uint64 deadline) external view returns (bytes32);

    /// @notice The largest number of shares an envelope may have.
    function maxShares() external view returns (uint32);

    /// @notice The smallest share of envelopes created from now on.
    function minShare() external view returns (uint96);

    /// @notice How many envelopes exist; ids run from 1 to this number.
    function envelopeCount() external view returns (uint256);
}

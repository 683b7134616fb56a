// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IRedEnvelope
/// @notice Red envelopes dropped in a chat: a creator locks an amount split into shares, and members the chat
/// service vouches for claim one share each until the envelope is empty or expires; the rest then goes back
/// to the creator.
interface IRedEnvelope {
    /// @notice How an envelope's total is split between its shares.
    enum SplitMode {
        Random,
        Equal
    }

    /// @notice An envelope as stored.
    /// @param creator Who locked the coins; receives the refund.
    /// @param expiresAt Unix time after which no claim is accepted and the remainder can be refunded.
    /// @param shares How many shares the envelope was created with.
    /// @param sharesLeft How many shares are still unclaimed.
    /// @param mode Random (WeChat rule) or Equal.
    /// @param token The ERC-20 locked in the envelope.
    /// @param gatekeeper Whose EIP-712 vouchers admit claimers (the chat service, or an ERC-1271 contract).
    /// @param minShare The smallest share, fixed at creation.
    /// @param total What was locked at creation.
    /// @param remaining What is still locked.
    struct Envelope {
        address creator;
        uint64 expiresAt;
        uint32 shares;
        uint32 sharesLeft;
        SplitMode mode;
        IERC20 token;
        address gatekeeper;
        uint96 minShare;
        uint128 total;
        uint128 remaining;
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
    /// @notice A member claimed a share.
    event EnvelopeClaimed(uint256 indexed id, address indexed claimer, uint256 amount);
    /// @notice The unclaimed remainder of an expired envelope went back to its creator.
    event EnvelopeRefunded(uint256 indexed id, address indexed creator, uint256 amount);
    /// @notice Governance changed the largest number of shares an envelope may have.
    event MaxSharesChanged(uint32 previous, uint32 current);
    /// @notice Governance changed the smallest share of envelopes created from now on.
    event MinShareChanged(uint96 previous, uint96 current);

    error RedEnvelopeNotFound(uint256 id);
    error RedEnvelopeZeroShares();
    error RedEnvelopeTooManyShares(uint32 shares, uint32 maxShares);
    error RedEnvelopeTotalBelowMinimum(uint256 total, uint256 minimum);
    error RedEnvelopeExpiryInPast(uint64 expiresAt, uint256 now_);
    error RedEnvelopeExpiryTooFar(uint64 expiresAt, uint256 latest);
    error RedEnvelopeZeroGatekeeper();
    error RedEnvelopeUnsupportedToken(IERC20 token, uint256 expected, uint256 received);
    error RedEnvelopeEmpty(uint256 id);
    error RedEnvelopeExpired(uint256 id, uint64 expiresAt);
    error RedEnvelopeNotExpired(uint256 id, uint64 expiresAt);
    error RedEnvelopeAlreadyClaimed(uint256 id, address claimer);
    error RedEnvelopeVoucherExpired(uint64 deadline);
    error RedEnvelopeInvalidVoucher(uint256 id, address claimer);
    error RedEnvelopeNothingToRefund(uint256 id);
    error RedEnvelopeInvalidParameter();

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

    /// @notice Claims one share of envelope `id` for the caller (or the ERC-2771 signer of a relayed call).
    /// @param id The envelope.
    /// @param deadline The voucher's deadline (Unix time).
    /// @param voucher The gatekeeper's EIP-712 signature of ClaimVoucher(envelopeId, claimer, deadline).
    /// @return share The amount paid to the claimer.
    function claim(uint256 id, uint64 deadline, bytes calldata voucher) external returns (uint256 share);

    /// @notice Returns the unclaimed remainder of an expired envelope to its creator; anyone may call it.
    /// @param id The envelope.
    /// @return amount The amount refunded.
    function refund(uint256 id) external returns (uint256 amount);

    /// @notice Sets the largest number of shares of envelopes created from now on; only governance.
    function setMaxShares(uint32 maxShares_) external;

    /// @notice Sets the smallest share of envelopes created from now on; only governance.
    function setMinShare(uint96 minShare_) external;

    /// @notice The envelope `id` as stored (all zero when it does not exist).
    function envelope(uint256 id) external view returns (Envelope memory);

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

// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title ITipping
/// @notice Tips for chat messages, paid in ChatCoin from the tipper to the message's author.
interface ITipping {
    /// @notice `tipper` paid `amount` to `author` for the message `messageRef`.
    event MessageTipped(bytes32 indexed messageRef, address indexed tipper, address indexed author, uint256 amount);

    error TippingZeroAmount();
    error TippingZeroAuthor();
    error TippingSelfTip(address tipper);

    /// @notice Pays `amount` ChatCoin from the caller (or the ERC-2771 signer) to `author` for message `messageRef`.
    /// @dev ChatCoin's own Tipping (`ChatCoin.tipping()`) needs no approval; any other Tipping spends the
    /// allowance the tipper gave it.
    /// @param author The message's author, who receives the tip.
    /// @param amount The tip in base units; not zero.
    /// @param messageRef The chat service's reference of the tipped message.
    function tip(address author, uint256 amount, bytes32 messageRef) external;

    /// @notice As `tip`, with an EIP-2612 permit of the tipper instead of a prior approval.
    /// @dev The permit is only tried when the allowance is short of `amount`, so ChatCoin's own Tipping never uses
    /// it, and a permit already submitted by someone else (front-run) is tolerated.
    /// @param permitDeadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    function tipWithPermit(
        address author,
        uint256 amount,
        bytes32 messageRef,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;
}

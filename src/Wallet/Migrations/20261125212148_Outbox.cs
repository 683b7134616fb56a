using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Wallet.Migrations
{
    /// <inheritdoc />
    public partial class Outbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OutgoingTransfers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Amount = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ForwardNonce = table.Column<long>(type: "INTEGER", nullable: true),
                    RelayNonce = table.Column<long>(type: "INTEGER", nullable: true),
                    RawTransaction = table.Column<string>(type: "TEXT", nullable: true),
                    TxHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    ReplacedTxHashes = table.Column<string>(type: "TEXT", nullable: true),
                    MaxFeePerGas = table.Column<string>(type: "TEXT", nullable: true),
                    MaxPriorityFeePerGas = table.Column<string>(type: "TEXT", nullable: true),
                    SignedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    BroadcastAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutgoingTransfers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingTransfers_AccountIndex_IdempotencyKey",
                table: "OutgoingTransfers",
                columns: new[] { "AccountIndex", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingTransfers_Status",
                table: "OutgoingTransfers",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingTransfers_To",
                table: "OutgoingTransfers",
                column: "To");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OutgoingTransfers");
        }
    }
}

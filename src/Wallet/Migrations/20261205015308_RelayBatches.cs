using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Wallet.Migrations
{
    /// <inheritdoc />
    public partial class RelayBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RelayTransactions",
                columns: table => new
                {
                    TxHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    RelayNonce = table.Column<long>(type: "INTEGER", nullable: false),
                    RawTransaction = table.Column<string>(type: "TEXT", nullable: false),
                    SignedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RelayTransactions", x => x.TxHash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RelayTransactions_RelayNonce",
                table: "RelayTransactions",
                column: "RelayNonce");

            // Rows signed before batching kept their newest version's bytes themselves: move them over, so a row still in
            // flight (or unmined by a reorg) after the upgrade is resent with the same bytes. A mined row whose TxHash is
            // an older, replaced version has no bytes for that hash, so it is left out.
            migrationBuilder.Sql(
                """
                INSERT OR IGNORE INTO "RelayTransactions" ("TxHash", "RelayNonce", "RawTransaction", "SignedAt")
                SELECT "TxHash", "RelayNonce", "RawTransaction", COALESCE("SignedAt", "RequestedAt") FROM "OutgoingTransfers"
                WHERE "RawTransaction" IS NOT NULL AND "TxHash" IS NOT NULL AND "RelayNonce" IS NOT NULL
                  AND ("Status" IN ('Signed', 'Broadcast') OR "ReplacedTxHashes" IS NULL);
                """);

            migrationBuilder.DropColumn(
                name: "RawTransaction",
                table: "OutgoingTransfers");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RelayTransactions");

            migrationBuilder.AddColumn<string>(
                name: "RawTransaction",
                table: "OutgoingTransfers",
                type: "TEXT",
                nullable: true);
        }
    }
}

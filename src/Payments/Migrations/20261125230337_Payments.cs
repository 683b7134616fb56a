using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Payments.Migrations
{
    /// <inheritdoc />
    public partial class Payments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PaymentLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ChatId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Terms = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    TargetMessageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TransferId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LastStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Settled = table.Column<bool>(type: "INTEGER", nullable: false),
                    EnvelopeId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Closed = table.Column<bool>(type: "INTEGER", nullable: false),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentLinks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentLinks_Settled",
                table: "PaymentLinks",
                column: "Settled");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentLinks_TargetMessageId",
                table: "PaymentLinks",
                column: "TargetMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentLinks_UserId_IdempotencyKey",
                table: "PaymentLinks",
                columns: new[] { "UserId", "IdempotencyKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PaymentLinks");
        }
    }
}

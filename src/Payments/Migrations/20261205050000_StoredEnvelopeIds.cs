using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Payments.Migrations
{
    /// <summary>
    /// Claims and refunds now keep the envelope they act on in EnvelopeId instead of reading it back out of their
    /// idempotency key ("claim:{id}", "refund:{id}"); rows written before get it from the key once, here. No schema change.
    /// </summary>
    [DbContext(typeof(PaymentsDb))]
    [Migration("20261205050000_StoredEnvelopeIds")]
    public partial class StoredEnvelopeIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE PaymentLinks SET EnvelopeId = substr(IdempotencyKey, 7) WHERE Role = 'EnvelopeClaim' AND EnvelopeId IS NULL;");
            migrationBuilder.Sql("UPDATE PaymentLinks SET EnvelopeId = substr(IdempotencyKey, 8) WHERE Role = 'EnvelopeRefund' AND EnvelopeId IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}

# The Telegram bridge: a small Python service that talks to Odoo only through its external API.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 BRIDGE_STATE_DIR=/var/lib/telegram-bridge
RUN pip install --no-cache-dir python-telegram-bot==21.11.1 python-stdnum==1.19 \
    && useradd --system --home /app bridge && mkdir -p /var/lib/telegram-bridge && chown bridge /var/lib/telegram-bridge
WORKDIR /app
COPY telegram_bridge /app/telegram_bridge
USER bridge
CMD ["python", "-m", "telegram_bridge"]

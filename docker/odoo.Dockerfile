# The official Odoo 18.0 image with the OCA addons coop builds on.
FROM odoo:18
USER root
COPY docker/requirements-oca.txt /tmp/requirements-oca.txt
# --no-deps: Odoo itself comes from the image's Debian package, not from pip.
RUN pip3 install --no-cache-dir --break-system-packages --no-deps -r /tmp/requirements-oca.txt \
    && rm /tmp/requirements-oca.txt
USER odoo
